"""A query plan (plan.py) compiled to whoosh query objects, once per search.

Every word, phrase or prefix must match the all-text field (content or
content_x); the small fields only add to the score, through AndMaybe. One
walk over the plan yields four trees that share their leaves:

* scoring: with the boosts, to rank a page of hits;
* matching: without them, to collect the set of matching documents (totals,
  facets), which is cheaper;
* fuzzy_scoring / fuzzy_matching: the same with the words the index does not
  know widened to near spellings (typo tolerance); equal to the first two
  when no word is unknown.
"""

from __future__ import annotations

import heapq
from itertools import islice
from typing import NamedTuple

from whoosh import query as wq

from .limits import DEFAULT_MAX_EXPANSIONS

from .phrases import PackedPhrase
from .plan import Phrase, QueryPlan, Token, Word, YearRange, is_loose

#: Query-time boosts added on top of the all-text match: a hit in the number
#: or title outranks one deep in a PDF.
#: A word equal to (a part of) the document's number counts most: "putusan
#: mk 20" must put ruling MK 20/... above news that discuss MK rulings.
BOOST_FIELDS = {"identity": 6.0, "title": 5.0, "meta": 2.0, "nomor": 12.0}
TITLE_BOOST = 5.0
FUZZY_BOOST = 0.3
#: Stemmed fields a word can match in (for "is this word known?").
STEM_FIELDS = ("content",)
#: Vocabulary filters (plan.VOCABULARY_FIELDS) -> index field of their keys.
KEY_FIELDS = {"jenis": "jenis_key", "status": "status_key",
              "bidang": "bidang_key", "tipe": "type_key"}


class Compiled(NamedTuple):
    """The four trees of one plan; None for each means "everything"."""

    scoring: wq.Query | None
    matching: wq.Query | None
    fuzzy_scoring: wq.Query | None
    fuzzy_matching: wq.Query | None


def compile_query(plan: QueryPlan, fuzzy_words=frozenset(),
                  max_expansions: int = DEFAULT_MAX_EXPANSIONS) -> Compiled:
    """Compile the plan; tokens whose text is in `fuzzy_words` also match
    near spellings in the fuzzy trees. A prefix or near spelling expands to
    at most `max_expansions` index terms."""
    build = _Builder(fuzzy_words, max(1, max_expansions))
    positives, negatives, loose = [], [], []
    for clause in plan.clauses:
        alternatives = [v for v in map(build.item, clause.items) if v is not None]
        if not alternatives:
            continue
        node = _combine(wq.Or, alternatives)
        if clause.negated:
            negatives.append(node)
        elif plan.match_any and is_loose(clause):
            loose.append(node)  # a partial match: any of them will do
        else:
            positives.append(node)
    if loose:
        positives.append(_combine(wq.Or, loose))
    if not positives and not negatives:
        return Compiled(None, None, None, None)
    base = _combine(wq.And, positives) if positives else _same(wq.Every())
    base = _with_optional(base, [build.clause(c) for c in plan.optional])
    if not negatives:
        return Compiled(*base)
    excluded = _combine(wq.Or, negatives)
    return Compiled(*(wq.AndNot(b, e) for b, e in zip(base, excluded)))


def _with_optional(base: Compiled, optional: list) -> Compiled:
    """Optional clauses (question words) add to the scoring trees only."""
    optional = [node.scoring for node in optional if node is not None]
    if not optional:
        return base
    extra = _join(wq.Or, optional)
    return Compiled(wq.AndMaybe(base.scoring, extra), base.matching,
                    wq.AndMaybe(base.fuzzy_scoring, extra), base.fuzzy_matching)


def _same(query) -> Compiled:
    """A node that neither boosts nor widens: one query in all four trees."""
    return Compiled(query, query, query, query)


def _join(kind, queries):
    return queries[0] if len(queries) == 1 else kind(queries)


def _combine(kind, nodes: list[Compiled]) -> Compiled:
    if len(nodes) == 1:
        return nodes[0]
    return Compiled(*(kind(list(trees)) for trees in zip(*nodes)))


def _boosted(required, optional, widened=None) -> Compiled:
    """`required` decides the match; `optional` only adds score; `widened`
    replaces `required` in the fuzzy trees."""
    optional = [q for q in optional if q is not None]
    widened = widened or required
    if not optional:
        return Compiled(required, required, widened, widened)
    boost = _join(wq.Or, optional)
    scoring = wq.AndMaybe(required, boost)
    fuzzy_scoring = scoring if widened is required else wq.AndMaybe(widened, boost)
    return Compiled(scoring, required, fuzzy_scoring, widened)


class _Builder:
    def __init__(self, fuzzy_words, limit):
        self.fuzzy_words = fuzzy_words
        self.limit = limit

    def clause(self, clause) -> Compiled | None:
        alternatives = [v for v in map(self.item, clause.items) if v is not None]
        return _combine(wq.Or, alternatives) if alternatives else None

    def item(self, item) -> Compiled | None:
        if isinstance(item, YearRange):
            return _same(wq.NumericRange("tahun", item.low, item.high))
        if item.field in KEY_FIELDS:
            return _same(wq.Term(KEY_FIELDS[item.field], item.key))
        if isinstance(item, Phrase):
            return self.phrase(item)
        return self.word(item)

    def phrase(self, item: Phrase) -> Compiled | None:
        if not item.tokens:
            return None
        texts = [t.text for t in item.tokens]
        if item.field == "subjek":
            return _maybe_same(_phrase_or_term(
                "subject_t", [t.stem for t in item.tokens if t.stem], 1.0))
        if item.field == "nomor":
            return _maybe_same(_phrase_or_term("nomor", texts, 1.0))
        if item.field == "judul":
            return _maybe_same(_phrase_or_term("title_x", texts, 1.0))
        return _boosted(_phrase_or_term("content_x", texts, 1.0),
                        [_phrase_or_term("title_x", texts, TITLE_BOOST)])

    def word(self, item: Word) -> Compiled | None:
        if not item.tokens:
            return None
        if item.prefix:
            return self.prefix(item, item.tokens[-1].text)
        return _combine(wq.And, [self.token(t, item.field) for t in item.tokens])

    def prefix(self, item: Word, text: str) -> Compiled:
        limit = self.limit
        if item.field == "judul":
            return _same(CappedPrefix("title_x", text, limit=limit))
        if item.field == "nomor":
            return _same(CappedPrefix("nomor", text, limit=limit))
        return _boosted(CappedPrefix("content_x", text, limit=limit),
                        [CappedPrefix("title_x", text, boost=TITLE_BOOST, limit=limit)])

    def token(self, token: Token, field_name: str | None) -> Compiled:
        text, stem = token.text, token.stem
        if field_name == "nomor":
            return _same(wq.Term("nomor", text))
        if field_name == "subjek":
            return _same(wq.Term("subject_t", stem or text))
        if field_name == "judul":
            return _same(wq.Term("title", stem) if stem else wq.Term("title_x", text))
        if stem is None:  # a stop word typed alone still finds its exact form
            return _boosted(wq.Term("content_x", text),
                            [wq.Term("title_x", text, boost=TITLE_BOOST)])
        required = wq.Term("content", stem)
        widened = None
        if text in self.fuzzy_words:
            widened = wq.Or([required, _fuzzy("content_x", text, FUZZY_BOOST, self.limit)])
        return _boosted(required, [wq.Term(f, stem, boost=b) for f, b in BOOST_FIELDS.items()],
                        widened)


def _maybe_same(query) -> Compiled | None:
    return None if query is None else _same(query)


def _fuzzy(fieldname, text, boost, limit):
    maxdist = 1 if len(text) <= 6 else 2
    return CappedFuzzyTerm(fieldname, text, boost=boost, maxdist=maxdist, prefixlength=1,
                           limit=limit)


#: Terms of a prefix looked at to choose the most frequent `limit` ones: the
#: term dictionary is read in order, so this bounds the work per prefix.
SCAN_FACTOR = 50


def most_frequent_terms(reader, fieldname: str, prefix: str, limit: int) -> list[bytes]:
    """The `limit` terms starting with `prefix` found in most documents."""
    scanned = islice(reader.iter_prefix(fieldname, prefix), limit * SCAN_FACTOR)
    best = heapq.nlargest(limit, scanned, key=lambda item: item[1].doc_frequency())
    return sorted(btext for btext, _ in best)


def prefix_term_count(reader, fieldname: str, prefix: str, up_to: int) -> int:
    """How many terms start with `prefix`, counting no further than `up_to`."""
    return sum(1 for _ in islice(reader.expand_prefix(fieldname, prefix), up_to))


class _Capped:
    """Equality and hashing that include the expansion cap `limit`."""

    def __eq__(self, other):
        return super().__eq__(other) and self.limit == other.limit

    def __hash__(self):
        return super().__hash__() ^ hash(self.limit)


class CappedPrefix(_Capped, wq.Prefix):
    """A prefix query expanded to its `limit` most frequent terms."""

    def __init__(self, fieldname, text, boost=1.0, constantscore=True, limit=DEFAULT_MAX_EXPANSIONS):
        super().__init__(fieldname, text, boost, constantscore)
        self.limit = limit

    def _btexts(self, ixreader):
        if self.fieldname not in ixreader.schema:
            return []
        return most_frequent_terms(ixreader, self.fieldname, self.text, self.limit)


class CappedFuzzyTerm(_Capped, wq.FuzzyTerm):
    """Near spellings, at most `limit` of them."""

    def __init__(self, fieldname, text, boost=1.0, maxdist=1, prefixlength=1,
                 constantscore=True, limit=DEFAULT_MAX_EXPANSIONS):
        super().__init__(fieldname, text, boost, maxdist, prefixlength, constantscore)
        self.limit = limit

    def _btexts(self, ixreader):
        return list(islice(super()._btexts(ixreader), self.limit))


def _phrase_or_term(fieldname, words, boost):
    if not words:
        return None
    if len(words) == 1:
        return wq.Term(fieldname, words[0], boost=boost)
    return PackedPhrase(fieldname, words, boost=boost)
