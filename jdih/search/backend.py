"""The search interface the application talks to (plain Python, no Flask).

The app turns database rows into :class:`SearchRecord` objects, hands them to
a :class:`SearchBackend`, and asks questions with a :class:`SearchRequest`,
which query.plan_search() turns into the plan (plan.py) backends execute.
Results come back as keys in rank order (plus display snippets); the app
re-reads the rows itself, so the index is never the source of truth.
"""

from __future__ import annotations

import abc
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, replace as dc_replace
from typing import Callable, Iterable

from .plan import SearchPlan
from .query import plan_search
from .request import SearchRequest

#: Fewer documents than this holding every word: partial matches are added.
PARTIAL_BELOW = 3


@dataclass
class SearchRecord:
    """Everything the index needs about one document or news item."""

    #: "document:12" or "news:3": unique across the index.
    key: str
    #: "document" or "news".
    kind: str
    title: str
    #: Canonical citation, e.g. "UU 7/2017"; searched with a high boost.
    identity: str = ""
    nomor: str = ""
    tahun: int | None = None
    #: peraturan / putusan / monografi / artikel / laporan / berita
    doc_type: str = ""
    #: Display name of the jenis ("Undang-Undang") ...
    jenis: str = ""
    #: ... and its abbreviation ("UU"); jenis: filters match either.
    jenis_abbrev: str = ""
    status: str = ""
    bidang: str = ""
    subjects: list[str] = field(default_factory=list)
    abstract: str = ""
    #: Other metadata worth searching (issuer, place, parties, amar, ...).
    body: str = ""
    #: Extracted PDF text, one (page_no, text) per page, page_no from 1.
    pages: list[tuple[int, str]] = field(default_factory=list)
    #: "public", "partner" or "internal".
    visibility: str = "public"
    published: bool = True
    #: Date used for newest/oldest sorting (enactment, verdict, news date).
    date: dt.date | None = None
    updated_at: dt.datetime | None = None

    def fingerprint(self) -> str:
        """A hash of every indexed value: `verify` compares it with the one
        stored in the index to find stale or missing entries."""
        payload = json.dumps(
            [self.kind, self.title, self.identity, self.nomor, self.tahun,
             self.doc_type, self.jenis, self.jenis_abbrev, self.status,
             self.bidang, list(self.subjects), self.abstract, self.body,
             [list(p) for p in self.pages], self.visibility, self.published,
             self.date.isoformat() if self.date else None],
            ensure_ascii=False, separators=(",", ":"),
        )
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()


@dataclass
class Hit:
    key: str
    kind: str
    score: float
    title: str
    identity: str
    doc_type: str
    jenis: str
    nomor: str
    tahun: int | None
    status: str
    #: HTML: escaped text with <mark> around matched words. Always set.
    title_html: str
    #: HTML snippet of the abstract, or of other metadata when the match was
    #: there; None if neither matched.
    snippet_html: str | None = None
    #: The PDF page that best matches the query, and its HTML snippet.
    page_no: int | None = None
    page_html: str | None = None


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    #: field -> [(value, count), ...] ordered by count desc then value.
    facets: dict[str, list[tuple[object, int]]] = field(default_factory=dict)
    #: Corrected query ("Mungkin maksud Anda"), only if it has visible hits.
    suggestion: str | None = None
    #: True when no exact match existed and typo-tolerant matching was used.
    fuzzy: bool = False
    #: Notes for the reader (Indonesian) on limits applied: a prefix too
    #: short or too broad, a search stopped at its time budget.
    notes: list[str] = field(default_factory=list)
    #: False when the time budget ran out: hits and total may be partial.
    complete: bool = True
    #: True when (almost) no document held every word: these are the
    #: documents holding some of them, most (and rarest) first; the
    #: `exact_total` documents holding all of them come first.
    partial: bool = False
    exact_total: int = 0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


ProgressCallback = Callable[[int], None]


class SearchBackend(abc.ABC):
    """What the app needs from a full-text index. Implementations must be
    safe to share between threads and between processes on one host."""

    @abc.abstractmethod
    def index(self, records: Iterable[SearchRecord]) -> int:
        """Add or replace records (matched by key). Returns how many."""

    @abc.abstractmethod
    def remove(self, keys: Iterable[str]) -> None:
        """Delete records by key; unknown keys are ignored."""

    @abc.abstractmethod
    def execute(self, plan: SearchPlan) -> SearchResult:
        """Answer a planned search (query.plan_search); never raises on odd
        query text. Backends compile plan.query, they do not parse text."""

    def search(self, request: SearchRequest) -> SearchResult:
        """Plan and answer a request."""
        return self.answer(plan_search(request), request.allow_partial)

    def answer(self, plan: SearchPlan, allow_partial: bool = False) -> SearchResult:
        """Execute ``plan``; with ``allow_partial``, when fewer than
        PARTIAL_BELOW documents hold every word, the documents holding some
        of them follow (result.partial)."""
        result = self.execute(plan)
        if result.total >= PARTIAL_BELOW or (result.total and result.fuzzy) \
                or not allow_partial or not plan.query.may_relax or not result.complete:
            return result  # enough, near spellings found, or not asked for
        relaxed = self.execute(dc_replace(plan, query=plan.query.relaxed()))
        if relaxed.total <= result.total:
            return result
        relaxed.partial, relaxed.exact_total = True, result.total
        relaxed.suggestion = relaxed.suggestion or result.suggestion
        return relaxed

    @abc.abstractmethod
    def keys_with_versions(self) -> dict[str, str]:
        """key -> SearchRecord.fingerprint() of every indexed record."""

    @abc.abstractmethod
    def rebuild(self, records: Iterable[SearchRecord],
                progress: ProgressCallback | None = None) -> int:
        """Build a fresh index from `records` beside the live one and swap it
        in atomically; searches keep working throughout. Changes made with
        index()/remove() while it runs are carried over. Returns the count."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release searchers and file handles."""
