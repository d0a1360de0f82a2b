"""The search plan: one question, parsed and analysed once, in a small tree
of our own (plain Python: no Flask, no index library).

query.plan_search() builds a :class:`SearchPlan` from a SearchRequest; a
backend compiles its :class:`QueryPlan` into its own query objects (whoosh
queries today, a PostgreSQL tsquery later). Ranking shortcuts, typo
tolerance, suggestions and highlighting read the tokens stored here, so no
step re-tokenises or re-stems the query text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field as dc_field

from . import analysis
from .limits import SearchLimits

#: Fields matched on a normalised whole vocabulary value, not on words.
VOCABULARY_FIELDS = frozenset({"jenis", "status", "bidang", "tipe"})


@dataclass(frozen=True)
class Token:
    """One lowercased query token and the stemmed-field term it maps to
    (None for a stop word, which only the exact fields hold)."""

    text: str
    stem: str | None


def analyse(text: str) -> tuple[Token, ...]:
    return tuple(Token(w, analysis.primary_stem(w)) for w in analysis.words(text))


def _vocabulary_key(text: str, field_name: str | None) -> str | None:
    return analysis.normalize_key(text) if field_name in VOCABULARY_FIELDS else None


def _derive_tokens_and_key(item) -> None:
    """Fill a frozen Word's or Phrase's `tokens` and `key` from its text."""
    object.__setattr__(item, "tokens", analyse(item.text))
    object.__setattr__(item, "key", _vocabulary_key(item.text, item.field))


@dataclass(frozen=True)
class Word:
    """Words typed without quotes: usually one token, several when joined
    by other punctuation ("hak,asasi") or after an unknown field name.
    `tokens` and `key` are derived from `text` here, once, so equal text
    means equal items."""

    text: str
    field: str | None = None
    prefix: bool = False
    tokens: tuple[Token, ...] = dc_field(init=False, repr=False)
    #: The normalised value for a vocabulary field (jenis:, status:, ...).
    key: str | None = dc_field(init=False, repr=False)

    def __post_init__(self):
        _derive_tokens_and_key(self)


@dataclass(frozen=True)
class Phrase:
    """Tokens that must stand at consecutive positions."""

    text: str
    field: str | None = None
    tokens: tuple[Token, ...] = dc_field(init=False, repr=False)
    key: str | None = dc_field(init=False, repr=False)

    def __post_init__(self):
        _derive_tokens_and_key(self)


@dataclass(frozen=True)
class YearRange:
    low: int | None
    high: int | None


@dataclass(frozen=True)
class Clause:
    """Alternatives joined by OR; the clause matches if any one does."""

    items: tuple
    negated: bool = False
    #: How many of `items` were typed; the rest are synonyms the query's
    #: words were expanded to (expansion.py). None: all were typed.
    typed: int | None = None

    @property
    def typed_items(self) -> tuple:
        return self.items if self.typed is None else self.items[:self.typed]


def is_plain(item) -> bool:
    """An unfielded, non-prefix Word: matched on the all-text fields only."""
    return isinstance(item, Word) and not item.field and not item.prefix


def coverage_weight(document_frequency: int, doc_count: int) -> float:
    """What holding one loose clause adds to a partial match's rank: rarer
    clauses weigh more (both backends rank partial matches by the sum)."""
    return math.log(1.0 + max(1, doc_count) / (1.0 + document_frequency))


def is_loose(clause: Clause) -> bool:
    """A positive clause of unfielded words or phrases: one that a partial
    match (QueryPlan.match_any) may leave unmatched. Field filters, years
    and prefixes stay required."""
    return not clause.negated and all(
        isinstance(item, (Word, Phrase)) and not item.field and not getattr(item, "prefix", False)
        for item in clause.items)


@dataclass(frozen=True)
class QueryPlan:
    """The query text as a tree: clauses AND-ed, negated ones subtracted."""

    clauses: tuple[Clause, ...] = ()
    #: Prefixes typed with too few letters, searched as whole words instead.
    short_prefixes: tuple[str, ...] = ()
    #: Clauses that only add to the score (question words: "aturan soal ..."),
    #: never decide the match.
    optional: tuple[Clause, ...] = ()
    #: A partial match: the loose clauses (is_loose) are OR-ed instead of
    #: AND-ed, ranked by how many (and how rare) of them a document holds.
    match_any: bool = False
    #: pasal:169 -> ("169",): results narrowed to that pasal after the
    #: backend answered (search.pasal_hits); backends ignore it.
    pasal: tuple[str, ...] = ()

    def loose_clauses(self) -> list[Clause]:
        return [c for c in self.clauses if is_loose(c)]

    @property
    def may_relax(self) -> bool:
        """A partial match could find more than this plan: two or more
        loose clauses, of which a document might hold only some."""
        return not self.match_any and len(self.loose_clauses()) >= 2

    def relaxed(self) -> QueryPlan:
        """The partial-match twin. Every document of this plan holds all
        loose clauses, so it ranks above those holding only some."""
        return QueryPlan(self.clauses, self.short_prefixes, self.optional, True, self.pasal)

    @property
    def is_empty(self) -> bool:
        return not any(not c.negated for c in self.clauses)

    @property
    def is_plain(self) -> bool:
        """Only plain words (any OR / NOT): ranking can skip the backend's
        general query machinery."""
        return all(is_plain(item) for c in self.clauses for item in c.items)

    def typo_candidates(self) -> list[Token]:
        """Tokens of positive plain words that may be misspelt: typo
        tolerance and "Mungkin maksud Anda" consider only these."""
        return [token for clause in self.clauses if not clause.negated and clause.typed is None
                for item in clause.items if is_plain(item)
                for token in item.tokens if token.text.isalpha()]

    def plain_words(self) -> list[str]:
        return [token.text for token in self.typo_candidates()]

    def to_string(self, replace: dict[str, str] | None = None) -> str:
        """Serialise back to query text, swapping words per `replace`."""
        replace = replace or {}
        out = []
        for clause in self.clauses:
            alts = " OR ".join(_item_text(i, replace) for i in clause.typed_items)
            out.append(("-" if clause.negated else "") + alts)
        out.extend(f"pasal:{label}" for label in self.pasal)
        return " ".join(out)

    def replaced(self, replace: dict[str, str]) -> QueryPlan:
        """The same tree with words swapped per `replace` (the plan of
        to_string(replace), without parsing it again)."""
        def swapped(clauses):
            return tuple(Clause(tuple(_replaced_item(i, replace) for i in c.items), c.negated,
                                c.typed) for c in clauses)
        return QueryPlan(swapped(self.clauses), self.short_prefixes, swapped(self.optional),
                         self.match_any, self.pasal)


def _replace_words(text: str, replace: dict[str, str]) -> str:
    return analysis.TOKEN_RE.sub(lambda m: replace.get(m.group().lower(), m.group()), text)


def _replaced_item(item, replace):
    if not isinstance(item, Word):
        return item
    text = _replace_words(item.text, replace)
    return item if text == item.text else Word(text, item.field, item.prefix)


def _item_text(item, replace) -> str:
    if isinstance(item, YearRange):
        return f"tahun:{item.low or ''}..{item.high or ''}"
    prefix = f"{item.field}:" if item.field else ""
    if isinstance(item, Phrase):
        return f'{prefix}"{item.text}"'
    return prefix + _replace_words(item.text, replace) + ("*" if item.prefix else "")


@dataclass(frozen=True)
class Scope:
    """What the reader may see: applied under every answer (hits, totals,
    facets, suggestions)."""

    visibilities: tuple[str, ...] = ("public",)
    include_unpublished: bool = False
    #: "document" / "news", or None for both.
    kind: str | None = None


@dataclass(frozen=True)
class SearchPlan:
    """Everything a backend needs to answer one search, already checked."""

    query: QueryPlan
    scope: Scope
    #: (facet field, selected values): OR within a field, AND across fields.
    filters: tuple[tuple[str, tuple], ...] = ()
    #: Facet fields to count.
    facets: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    suggest: bool = True
    #: Prefix length, expansion and time limits of this search.
    limits: SearchLimits = SearchLimits()

