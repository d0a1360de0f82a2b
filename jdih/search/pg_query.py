"""A query plan (plan.py) compiled to SQL over the search_entry table
(pg_schema.py), once per search: the PostgreSQL twin of whoosh_query.py.

Every word, phrase or prefix must match the all-text vectors (``words``
stemmed, ``exact`` every word, phrases in ``meta_x`` or a page's ``exact``);
the small vectors only add to the score with the same boosts as whoosh, so a
hit in the number or title outranks one deep in a PDF. The walk yields a
matching condition and a score expression, and their typo-tolerant twins
(near spellings fetched beforehand, see pg_backend) for the unknown words.
Values travel as bound parameters; SQL text holds only names we generate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .pg_schema import ENTRY_TABLE, PAGE_TABLE, quote_lexeme
from .plan import Phrase, QueryPlan, Token, Word, YearRange, is_loose
from .whoosh_query import BOOST_FIELDS, FUZZY_BOOST, TITLE_BOOST

#: whoosh field of a boost -> our vector column.
BOOST_COLUMNS = {"identity": "identity_s", "title": "title_s", "meta": "meta_s",
                 "nomor": "nomor_x"}
#: Vocabulary filters (plan.VOCABULARY_FIELDS) -> prefix of their values in e.keys.
KEY_PREFIXES = {"jenis": "jenis", "status": "status", "bidang": "bidang", "tipe": "tipe"}
FALSE = "FALSE"


@dataclass
class Node:
    """One item: the condition that decides the match, its typo-tolerant
    twin, and the score parts (SQL expressions) of each."""

    required: str
    widened: str
    score: list[str] = field(default_factory=list)
    fuzzy_score: list[str] = field(default_factory=list)


@dataclass
class Compiled:
    """SQL fragments over alias ``e``; None matching means everything."""

    matching: str | None
    fuzzy_matching: str | None
    score: str
    fuzzy_score: str
    params: dict
    #: Terms a best page is chosen by: stems and exact words (pages table).
    page_stems: set = field(default_factory=set)
    page_exact: set = field(default_factory=set)
    #: Near spellings the fuzzy trees use (highlighted when they are used).
    fuzzy_terms: set = field(default_factory=set)


def any_of(terms) -> str:
    return " | ".join(quote_lexeme(t) for t in terms)


def phrase_of(terms) -> str:
    return " <-> ".join(quote_lexeme(t) for t in terms)


class Params:
    """Bound parameters with generated names."""

    def __init__(self, prefix: str = "q"):
        self.values: dict = {}
        self.prefix = prefix

    def add(self, value) -> str:
        name = f"{self.prefix}{len(self.values)}"
        self.values[name] = value
        return f":{name}"

    def tsquery(self, query_text: str) -> str:
        return f"CAST({self.add(query_text)} AS tsquery)"


def compile_query(plan: QueryPlan, prefixes: dict, near: dict, params: Params) -> Compiled:
    """`prefixes`: (field, prefix text) -> expansions; `near`: unknown word
    -> its near spellings (both fetched by the backend beforehand)."""
    build = _Builder(prefixes, near, params)
    positives, negatives, loose = [], [], []
    for clause in plan.clauses:
        nodes = [n for n in map(build.item, clause.items) if n is not None]
        if nodes:
            _file_clause(plan, clause, _combine("OR", nodes), positives, negatives, loose)
    if loose:
        positives.append(_combine("OR", loose))
    if not positives and not negatives:
        return Compiled(None, None, "0", "0", params.values)
    base = _combine("AND", positives) if positives else Node("TRUE", "TRUE")
    matching, fuzzy = base.required, base.widened
    if negatives:
        excluded = _combine("OR", negatives)
        matching = f"({matching}) AND NOT ({excluded.required})"
        fuzzy = f"({fuzzy}) AND NOT ({excluded.required})"
    extra = _optional_score(plan, build)
    return Compiled(matching, fuzzy, " + ".join(base.score + extra) or "0",
                    " + ".join(base.fuzzy_score + extra) or "0", params.values,
                    build.page_stems, build.page_exact, build.fuzzy_terms)


# --- partial matches and optional words (expansion.py, QueryPlan.match_any) ----

def _file_clause(plan: QueryPlan, clause, node: Node, positives, negatives, loose) -> None:
    """A clause's node goes to the negatives, the positives or, in a partial
    match, the loose clauses (any one of which will do)."""
    if clause.negated:
        negatives.append(node)
    elif plan.match_any and is_loose(clause):
        loose.append(node)
    else:
        positives.append(node)


def _optional_score(plan: QueryPlan, build: "_Builder") -> list[str]:
    """Score parts of the optional clauses (question words): they rank, never match."""
    parts = []
    for clause in plan.optional:
        for node in filter(None, map(build.item, clause.items)):
            parts.extend(node.score)
    return parts


def loose_conditions(plan: QueryPlan, prefixes: dict, near: dict, params: Params) -> list[str]:
    """The matching condition of each loose clause on its own: a partial
    match is ranked by the (weighted) number of them a row satisfies."""
    build = _Builder(prefixes, near, params)
    conditions = []
    for clause in plan.loose_clauses():
        nodes = [n for n in map(build.item, clause.items) if n is not None]
        if nodes:
            conditions.append(_combine("OR", nodes).required)
    return conditions


def coverage_score(conditions: list[str], weights: list[float], score: str) -> str:
    """Weighted coverage first; the usual score only orders equal coverage."""
    parts = [f"{100.0 * weight:.6f} * ({condition})::int"
             for condition, weight in zip(conditions, weights)]
    return " + ".join(parts + [f"0.001 * ({score})"])


def _combine(operator: str, nodes: list[Node]) -> Node:
    if len(nodes) == 1:
        return nodes[0]
    return Node(f" {operator} ".join(f"({n.required})" for n in nodes),
                f" {operator} ".join(f"({n.widened})" for n in nodes),
                [p for n in nodes for p in n.score],
                [p for n in nodes for p in n.fuzzy_score])


def _rank(column: str, tsquery: str, boost: float = 1.0) -> str:
    """A score part: `boost` when the column holds the query. Only the small
    vectors are scored: reading the all-text ones of every match (TOASTed,
    megabytes for a long PDF) would cost more than the rest of the search."""
    return f"{float(boost)}::float8 * (e.{column} @@ {tsquery})::int"  # not numeric: slow


class _Builder:
    def __init__(self, prefixes, near, params: Params):
        self.prefixes = prefixes
        self.near = near
        self.params = params
        self.page_stems: set = set()
        self.page_exact: set = set()
        self.fuzzy_terms: set = set()

    def match(self, column: str, query_text: str) -> tuple[str, str]:
        """(condition, tsquery SQL) of one vector column."""
        tsquery = self.params.tsquery(query_text)
        return f"e.{column} @@ {tsquery}", tsquery

    def same(self, column: str, query_text: str) -> Node:
        condition, tsquery = self.match(column, query_text)
        return Node(condition, condition, [_rank(column, tsquery)], [_rank(column, tsquery)])

    def item(self, item) -> Node | None:
        if isinstance(item, YearRange):
            return self.years(item)
        if item.field in KEY_PREFIXES:
            condition = f"e.keys @> ARRAY[{self.params.add(f'{KEY_PREFIXES[item.field]}={item.key}')}]"
            return Node(condition, condition)
        if isinstance(item, Phrase):
            return self.phrase(item)
        return self.word(item)

    def years(self, item: YearRange) -> Node:
        parts = []
        if item.low is not None:
            parts.append(f"e.tahun >= {self.params.add(item.low)}")
        if item.high is not None:
            parts.append(f"e.tahun <= {self.params.add(item.high)}")
        condition = " AND ".join(parts) or "e.tahun IS NOT NULL"
        return Node(condition, condition)

    def phrase(self, item: Phrase) -> Node | None:
        if not item.tokens:
            return None
        texts = [t.text for t in item.tokens]
        if item.field == "subjek":
            stems = [t.stem for t in item.tokens if t.stem]
            return self.same("subject_s", phrase_of(stems)) if stems else None
        if item.field == "nomor":
            return self.same("nomor_x", phrase_of(texts))
        if item.field == "judul":
            return self.same("title_x", phrase_of(texts))
        self.page_exact.update(texts)
        tsquery = self.params.tsquery(phrase_of(texts))
        # The words in order in the metadata or on a page: both GIN indexes
        # find the few rows holding every word, whose positions alone are
        # checked (testing every record holding the words costs far more).
        condition = (f"e.key IN (SELECT m.key FROM {ENTRY_TABLE} m WHERE m.meta_x @@ {tsquery} "
                     f"UNION ALL SELECT p.key FROM {PAGE_TABLE} p WHERE p.exact @@ {tsquery})")
        score = [_rank("title_x", tsquery, TITLE_BOOST)]
        return Node(condition, condition, score, score)

    def word(self, item: Word) -> Node | None:
        if not item.tokens:
            return None
        if item.prefix:
            return self.prefix(item, item.tokens[-1].text)
        return _combine("AND", [self.token(t, item.field) for t in item.tokens])

    def prefix(self, item: Word, text: str) -> Node:
        terms = self.prefixes.get((item.field, text), [])
        if not terms:
            return Node(FALSE, FALSE)
        if item.field == "judul":
            return self.same("title_x", any_of(terms))
        if item.field == "nomor":
            return self.same("nomor_x", any_of(terms))
        self.page_exact.update(terms)
        condition, tsquery = self.match("exact", any_of(terms))
        score = [_rank("title_x", tsquery, TITLE_BOOST)]
        return Node(condition, condition, score, score)

    def token(self, token: Token, field_name: str | None) -> Node:
        text, stem = token.text, token.stem
        if field_name == "nomor":
            return self.same("nomor_x", quote_lexeme(text))
        if field_name == "subjek":
            return self.same("subject_s", quote_lexeme(stem or text))
        if field_name == "judul":
            return self.same("title_s", quote_lexeme(stem)) if stem else \
                self.same("title_x", quote_lexeme(text))
        if stem is None:  # a stop word typed alone still finds its exact form
            self.page_exact.add(text)
            condition, tsquery = self.match("exact", quote_lexeme(text))
            score = [_rank("title_x", tsquery, TITLE_BOOST)]
            return Node(condition, condition, score, score)
        self.page_stems.add(stem)
        required, tsquery = self.match("words", quote_lexeme(stem))
        score = [_rank(BOOST_COLUMNS[name], tsquery, boost)
                 for name, boost in BOOST_FIELDS.items()]
        near = self.near.get(text)
        if not near:
            return Node(required, required, score, score)
        self.fuzzy_terms.update(near)
        fuzzy, fuzzy_query = self.match("exact", any_of(near))
        return Node(required, f"({required} OR {fuzzy})", score,
                    score + [_rank("title_x", fuzzy_query, FUZZY_BOOST)])
