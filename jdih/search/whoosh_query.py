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

from typing import NamedTuple

from whoosh import query as wq

from .phrases import PackedPhrase
from .plan import Phrase, QueryPlan, Token, Word, YearRange

#: Query-time boosts added on top of the all-text match: a hit in the number
#: or title outranks one deep in a PDF.
BOOST_FIELDS = {"identity": 6.0, "title": 5.0, "meta": 2.0}
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


def compile_query(plan: QueryPlan, fuzzy_words=frozenset()) -> Compiled:
    """Compile the plan; tokens whose text is in `fuzzy_words` also match
    near spellings in the fuzzy trees."""
    build = _Builder(fuzzy_words)
    positives, negatives = [], []
    for clause in plan.clauses:
        alternatives = [v for v in map(build.item, clause.items) if v is not None]
        if alternatives:
            (negatives if clause.negated else positives).append(_combine(wq.Or, alternatives))
    if not positives and not negatives:
        return Compiled(None, None, None, None)
    base = _combine(wq.And, positives) if positives else _same(wq.Every())
    if not negatives:
        return Compiled(*base)
    excluded = _combine(wq.Or, negatives)
    return Compiled(*(wq.AndNot(b, e) for b, e in zip(base, excluded)))


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
    def __init__(self, fuzzy_words):
        self.fuzzy_words = fuzzy_words

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
        if item.field == "judul":
            return _same(wq.Prefix("title_x", text))
        if item.field == "nomor":
            return _same(wq.Prefix("nomor", text))
        return _boosted(wq.Prefix("content_x", text),
                        [wq.Prefix("title_x", text, boost=TITLE_BOOST)])

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
            widened = wq.Or([required, _fuzzy("content_x", text, FUZZY_BOOST)])
        return _boosted(required, [wq.Term(f, stem, boost=b) for f, b in BOOST_FIELDS.items()],
                        widened)


def _maybe_same(query) -> Compiled | None:
    return None if query is None else _same(query)


def _fuzzy(fieldname, text, boost):
    maxdist = 1 if len(text) <= 6 else 2
    return wq.FuzzyTerm(fieldname, text, boost=boost, maxdist=maxdist, prefixlength=1)


def _phrase_or_term(fieldname, words, boost):
    if not words:
        return None
    if len(words) == 1:
        return wq.Term(fieldname, words[0], boost=boost)
    return PackedPhrase(fieldname, words, boost=boost)
