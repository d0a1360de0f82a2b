"""Pasal-level search: the pasal (and ayat) of a regulation a hit matched.

The backends index PDF pages, not articles, and stay so. After a search,
a hit on a page of a regulation with a stored structure is given the
pasal (or ayat) on that page whose text holds the most of the query's
clauses: "di Pasal 169 ayat (1)", linking to its anchor in the reading
view. ``pasal:169`` in the query (kept aside by the parser) narrows the
results to the documents whose structure has that pasal and whose text
there holds every clause; that pasal is then the hit.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Callable, Optional, Sequence

from jdih.reading import pasal_index
from jdih.reading.pasal_index import Article, Structure
from jdih.search.backend import Hit, SearchResult
from jdih.search.highlight import MatchTerms, count_matches, terms_for
from jdih.search.plan import QueryPlan, SearchPlan
from jdih.search.records import split_key

#: A pasal: search reads this many hits of the backend, at most, to narrow.
SCAN_PER_PAGE = 100
SCAN_PAGES = 10
TRUNCATED_NOTE = ("Pencarian per pasal hanya memeriksa {count} hasil teratas; "
                  "tambahkan kata kunci atau saringan untuk mempersempit.")
#: Facets a narrowed result can count from its hits.
HIT_FACETS = {"doc_type": "doc_type", "jenis": "jenis", "tahun": "tahun", "status": "status"}


@dataclass(frozen=True)
class PasalHit:
    number: str
    ayat: Optional[str]
    anchor: str

    @property
    def label(self) -> str:
        return f"Pasal {self.number}" + (f" ayat ({self.ayat})" if self.ayat else "")


def clause_terms(query: QueryPlan) -> list[MatchTerms]:
    """The match terms of each positive clause that searches text."""
    terms = (terms_for(QueryPlan((clause,))) for clause in query.clauses if not clause.negated)
    return [t for t in terms if t]


def _score(text: str, terms: Sequence[MatchTerms]) -> tuple[int, int]:
    """(clauses matched, matches in all): more clauses first, then more matches."""
    counts = [count_matches(text, t) for t in terms]
    return sum(1 for c in counts if c), sum(counts)


def _hit(article: Article, terms: Sequence[MatchTerms], needed: int) -> PasalHit:
    """The pasal, or the one ayat of it that holds as many clauses as it does."""
    best, best_score = None, (needed, 0)
    for ayat in article.parts:
        score = _score(ayat.text, terms) if terms else (0, 0)
        if terms and score[0] >= needed and score > best_score:
            best, best_score = ayat, score
    chosen = best or article
    return PasalHit(article.number, chosen.ayat, chosen.anchor)


def on_page(structure: Structure, page: int, terms: Sequence[MatchTerms]) -> Optional[PasalHit]:
    """The pasal on ``page`` whose text holds the most clauses (at least one)."""
    best, best_score = None, (0, 0)
    for article in structure.articles:
        if page in article.pages:
            score = _score(article.text, terms)
            if score > best_score:
                best, best_score = article, score
    return _hit(best, terms, best_score[0]) if best is not None else None


def named(structure: Structure, numbers: Sequence[str], terms: Sequence[MatchTerms]) -> Optional[PasalHit]:
    """The first of the pasal ``numbers`` the document has whose text holds every clause."""
    for number in numbers:
        article = structure.pasal(number)
        if article is not None and all(count_matches(article.text, t) for t in terms):
            return _hit(article, terms, len(terms))
    return None


def annotate(items: Sequence, query: QueryPlan, found: Optional[dict[str, PasalHit]] = None) -> None:
    """Set ``item.pasal`` on the result items (service.ResultItem) that have
    one: from ``found`` (a narrowed search), else from the hit's PDF page."""
    if found is not None:
        for item in items:
            item.pasal = found.get(item.hit.key)
        return
    terms = clause_terms(query)
    paged = [item for item in items if item.attachment is not None and item.attachment_page]
    if not terms or not paged:
        return
    structures = pasal_index.articles_of(item.row.id for item in paged)
    for item in paged:
        structure = structures.get(item.row.id)
        if structure is not None and structure.attachment_id == item.attachment.id:
            item.pasal = on_page(structure, item.attachment_page, terms)


def narrowed(search: Callable[[SearchPlan], SearchResult], plan: SearchPlan
             ) -> tuple[SearchResult, dict[str, PasalHit]]:
    """The result of a pasal:N search, and the pasal hit of each of its hits."""
    numbers, terms = plan.query.pasal, clause_terms(plan.query)
    candidates = set().union(*(pasal_index.documents_with(n) for n in numbers))
    kept: list[tuple[Hit, PasalHit]] = []
    scan = replace(plan, scope=replace(plan.scope, kind="document"), per_page=SCAN_PER_PAGE, facets=())
    first = result = None
    for number in range(1, SCAN_PAGES + 1) if candidates else ():
        result = search(replace(scan, page=number, suggest=plan.suggest and number == 1))
        first = first or result
        hits = [hit for hit in result.hits if split_key(hit.key)[1] in candidates]
        structures = pasal_index.articles_of(split_key(hit.key)[1] for hit in hits)
        for hit in hits:
            structure = structures.get(split_key(hit.key)[1])
            found = named(structure, numbers, terms) if structure is not None else None
            if found is not None:
                kept.append((hit, found))
        if number >= result.pages or not result.complete:
            break
    truncated = result is not None and result.page < result.pages
    start = (plan.page - 1) * plan.per_page
    shown = kept[start:start + plan.per_page]
    notes = list(first.notes) if first else []
    if truncated and result.complete:
        notes.append(TRUNCATED_NOTE.format(count=SCAN_PER_PAGE * SCAN_PAGES))
    answer = SearchResult(
        hits=[hit for hit, _ in shown], total=len(kept), page=plan.page, per_page=plan.per_page,
        facets=_facets([hit for hit, _ in kept], plan.facets),
        suggestion=first.suggestion if first and not kept else None, fuzzy=bool(first and first.fuzzy),
        notes=notes, complete=not truncated and (result is None or result.complete))
    return answer, {hit.key: found for hit, found in shown}


def _facets(hits: list[Hit], wanted: Sequence[str]) -> dict[str, list[tuple[object, int]]]:
    """Facet counts of the narrowed hits, for the facets a hit carries."""
    facets = {}
    for field in wanted:
        if field in HIT_FACETS:
            counts = Counter(getattr(hit, HIT_FACETS[field]) for hit in hits)
            counts.pop("", None)
            counts.pop(None, None)
            facets[field] = sorted(counts.items(), key=lambda pair: (-pair[1], str(pair[0])))
    return facets
