"""Ranking a partial match on whoosh (QueryPlan.match_any): documents that
hold more of the query's loose clauses come first, a rare word counting for
more than a common one (its inverse document frequency); the usual relevance
score orders documents of equal coverage."""
from __future__ import annotations

import heapq

from .plan import QueryPlan, coverage_weight
from .whoosh_query import compile_query

#: Documents of the best coverage that are scored for relevance: enough for
#: the pages anyone reads, and a bound on the cost of a common word.
SCORED_CANDIDATES = 1000


def coverage(searcher, plan_query: QueryPlan, docs, max_expansions: int) -> dict[int, float]:
    """docnum -> summed weight of the loose clauses each of `docs` holds."""
    doc_count = max(1, searcher.doc_count())
    totals = dict.fromkeys(docs, 0.0)
    for clause in plan_query.loose_clauses():
        matching = compile_query(QueryPlan((clause,)), frozenset(), max_expansions).matching
        if matching is None:
            continue
        holding = set(searcher.docs_for_query(matching))
        weight = coverage_weight(len(holding), doc_count)
        for docnum in holding.intersection(totals):
            totals[docnum] += weight
    return totals


def coverage_page(searcher, query, plan, docs, end: int) -> list[tuple[float, int]]:
    """(score, docnum) of the first `end` partial matches: by coverage, then
    by relevance, then by document number."""
    weights = coverage(searcher, plan.query, docs, plan.limits.max_expansions)
    best = heapq.nlargest(max(end, SCORED_CANDIDATES), weights.items(),
                          key=lambda item: (item[1], -item[0]))
    relevance = {}
    if query is not None and best:
        results = searcher.search(query, filter={d for d, _ in best}, limit=len(best))
        relevance = {results.docnum(i): results.score(i) or 0.0
                     for i in range(results.scored_length())}
    ranked = sorted(best, key=lambda item: (-item[1], -relevance.get(item[0], 0.0), item[0]))
    return [(covered + relevance.get(docnum, 0.0) / 1000.0, docnum)
            for docnum, covered in ranked[:end]]
