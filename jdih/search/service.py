"""The search service: the one place views, API and CLI ask to search or to
bring the index up to date.

One backend (and so one set of searchers) per process and index directory,
reused across requests; the backend refreshes its searchers when the index
changes.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Optional

from flask import Flask, current_app, has_app_context
from markupsafe import escape
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session

from jdih.accounts.access import readable_visibilities
from jdih.catalogue.models import Attachment, Document
from jdih.extensions import db
from jdih.relations.queries import status_changes_between
from jdih.search import healing, outbox, pasal_hits, pasal_query, records, synonyms
from jdih.search.backend import Hit, SearchBackend, SearchResult
from jdih.search.request import FACET_FIELDS, SORTS, SearchRequest
from jdih.search.limits import SearchLimits
from jdih.search.plan import SearchPlan
from jdih.search.query import plan_search
from jdih.search.pg_backend import PgBackend
from jdih.search.whoosh_backend import WhooshBackend
from jdih.search.whoosh_store import IndexMissing, IndexUnavailable

log = logging.getLogger(__name__)

_backends: dict[str, SearchBackend] = {}
_backends_lock = threading.Lock()
DRAIN_BATCH = 200


def get_backend(app: Optional[Flask] = None) -> SearchBackend:
    """The app's backend (SEARCH_BACKEND): whoosh files in SEARCH_INDEX_DIR,
    or tables in the app's PostgreSQL database (searched on the replica
    SEARCH_REPLICA_URL names, when it names one)."""
    app = app or current_app._get_current_object()
    on_postgres = uses_postgres(app)
    replica = app.config.get("SEARCH_REPLICA_URL") or ""
    place = f"{db.engine.url} {replica}" if on_postgres else app.config["SEARCH_INDEX_DIR"]
    with _backends_lock:
        if place not in _backends:
            _backends[place] = _new_backend(app, on_postgres, replica)
        return _backends[place]


def _new_backend(app: Flask, on_postgres: bool, replica: str) -> SearchBackend:
    may_create = lambda: _nothing_indexed_yet(app)  # noqa: E731
    if not on_postgres:
        return WhooshBackend(app.config["SEARCH_INDEX_DIR"], app.config["SEARCH_LOCK_TIMEOUT"],
                             may_create=may_create)
    read_engine = (create_engine(replica, **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
                   if replica else None)
    return PgBackend(db.engine, may_create, read_engine=read_engine)


def uses_postgres(app: Optional[Flask] = None) -> bool:
    return (app or current_app).config.get("SEARCH_BACKEND") == "postgres"


def _nothing_indexed_yet(app: Flask) -> bool:
    """A new installation: every indexable row is still queued, so draining
    the queue into a new, empty index makes it complete. An index lost on
    a running site (rows indexed long ago, queue nearly empty) is not
    recreated empty; `search reindex` rebuilds it whole."""
    with app.app_context(), Session(db.engine) as session:
        return len(records.all_keys(session)) <= outbox.backlog(session)


def close_backends() -> None:
    with _backends_lock:
        for backend in _backends.values():
            backend.close()
        _backends.clear()


# -- keeping the index in step -------------------------------------------------

def drain(app: Optional[Flask] = None, max_batches: int = 1000,
          lock_timeout: Optional[float] = None) -> int:
    """Apply queued changes to the index; returns how many queue entries it handled.

    Runs in an app context of its own, and so in a session of its own
    (Flask-SQLAlchemy scopes sessions by app context): it can be called from
    another session's ``after_commit``, and code that reads ``db.session``
    (record loaders, status providers) reads through the drain's session.
    One drainer at a time: reading the rows and writing them happen under
    one lock, so an older state can never overwrite a newer one.
    """
    app = app or current_app._get_current_object()
    backend = get_backend(app)
    handled = 0
    timeout = app.config["SEARCH_LOCK_TIMEOUT"] if lock_timeout is None else lock_timeout
    with outbox.drain_lock(app.config["SEARCH_INDEX_DIR"], timeout) as locked:
        if not locked:
            log.warning("search drain lock busy; leaving the outbox for the next drain")
            return 0
        with app.app_context():
            session = db.session
            try:
                for _ in range(max_batches):
                    entries = outbox.pending(session, DRAIN_BATCH)
                    if not entries:
                        break
                    _apply_entries(session, backend, entries)
                    handled += len(entries)
                    outbox.acknowledge(session, entries)
                    session.commit()
            finally:
                session.rollback()
    return handled


def _apply_entries(session: Session, backend: SearchBackend, entries: list) -> None:
    _apply_keys(session, backend, {entry.key for entry in entries})


def _apply_keys(session: Session, backend: SearchBackend, keys) -> None:
    """Index the current rows of `keys`; on PostgreSQL in the session's own
    transaction, so the index rows commit with it."""
    to_index, to_remove = records.load_records(session, keys)
    same_transaction = {"conn": session.connection()} if isinstance(backend, PgBackend) else {}
    if to_index:
        backend.index(to_index, **same_transaction)
    if to_remove:
        backend.remove(to_remove, **same_transaction)


def _writes_in_transaction(session: Session) -> bool:
    """The index of this session's database is written in its transactions."""
    return has_app_context() and uses_postgres() and session.get_bind() is db.engine


def _index_in_transaction(session: Session) -> None:
    """Before a commit on the PostgreSQL backend: write the index rows of
    every key the transaction changed, in the transaction (never drifts)."""
    if not _writes_in_transaction(session):
        return
    session.flush()  # commit flushes after this hook: the last changes add their keys now
    keys = outbox.pending_keys(session)
    if not keys:
        return
    try:
        with session.begin_nested():
            _apply_keys(session, get_backend(), keys)
    except IndexUnavailable as error:  # the change stands; `search reindex` rebuilds the index
        log.error("search index not written (%s); run 'flask search reindex'", error)


def drain_quietly() -> None:
    """Drain now, never failing the caller (used when no queue is wired)."""
    try:
        drain(current_app._get_current_object())
    except Exception:  # the database commit stands; the index heals later
        log.exception("search index update failed; queued for retry")


DRAIN_REQUESTER = "jdih_search_request_drain"


def set_drain_requester(app: Flask, request_drain: Optional[Callable[[], None]]) -> None:
    """Who drains the outbox after a commit (create_app wires the task
    queue here): a request enqueues and returns, one writer drains. Without
    one the committing code drains itself."""
    app.extensions[DRAIN_REQUESTER] = request_drain


def request_drain() -> None:
    """Have the outbox drained: by the queue when one is wired, else now."""
    requester = current_app.extensions.get(DRAIN_REQUESTER)
    if requester is None:
        drain_quietly()
        return
    try:
        requester()
    except Exception:  # the queue is down: the entries wait in the outbox
        log.exception("could not enqueue a search drain; the outbox keeps the entries")


def heal_if_needed(grace_seconds: float = 2.0) -> None:
    """Have entries a crashed or failed drain left behind drained.

    Called before searching: one indexed query when all is well. Entries
    younger than ``grace_seconds`` belong to a drain that is still running.
    The search itself never drains (it only asks for a drain).
    """
    oldest = outbox.oldest_entry_age(db.session)
    if oldest is not None and oldest >= grace_seconds:
        request_drain()


def _drain_after_commit(session: Session) -> None:
    if outbox.committed_changes(session) and has_app_context():
        request_drain()


def init_app(app: Flask) -> None:
    """Called by create_app: the outbox follows every session, and a commit
    that queued keys asks for a drain."""
    app.config.setdefault("SEARCH_LOCK_TIMEOUT", 30.0)
    app.extensions.setdefault(DRAIN_REQUESTER, None)
    outbox.install(_writes_in_transaction)
    for name, listener in (("after_commit", _drain_after_commit),
                           ("before_commit", _index_in_transaction)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


# -- asking -------------------------------------------------------------------

#: URL argument -> facet field of the index.
FILTER_ARGS = {"tipe": "doc_type", "jenis": "jenis", "tahun": "tahun", "status": "status",
               "bidang": "bidang", "subjek": "subjects"}
FACET_LABELS = {"doc_type": "Tipe dokumen", "jenis": "Jenis", "tahun": "Tahun", "status": "Status",
                "bidang": "Bidang hukum", "subjects": "Subjek"}
SORT_LABELS = {"relevance": "Relevansi", "newest": "Terbaru", "oldest": "Terlama"}
#: key prefix -> function(session, ids) -> {id: row} for showing results.
DISPLAY_LOADERS = {prefix: source.display for prefix, source in records.SOURCES.items()}


@dataclass
class ResultItem:
    hit: Hit
    #: The database row (Document, News, ...) re-read for display.
    row: Any
    #: For a PDF page match: the attachment and the page within it.
    attachment: Optional[Attachment] = None
    attachment_page: Optional[int] = None
    #: The pasal (ayat) of a regulation the hit matched (search.pasal_hits).
    pasal: Optional[pasal_hits.PasalHit] = None


@dataclass
class SearchPage:
    request: SearchRequest
    result: SearchResult
    items: list[ResultItem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.result.total


def parse_filters(args: Any) -> dict[str, list]:
    """Facet selections from URL arguments (several values per field allowed)."""
    filters: dict[str, list] = {}
    for arg, facet in FILTER_ARGS.items():
        values = [v for v in args.getlist(arg) if v][:20]
        if facet == "tahun":
            values = [int(v) for v in values if v.isdigit()]
        if values:
            filters[facet] = values
    return filters


def search_limits(app: Optional[Flask] = None) -> SearchLimits:
    """The configured cost limits of one search (SEARCH_MIN_PREFIX,
    SEARCH_MAX_EXPANSIONS, SEARCH_TIME_BUDGET_SECONDS)."""
    config = (app or current_app).config
    defaults = SearchLimits()
    budget = config.get("SEARCH_TIME_BUDGET_SECONDS", defaults.time_budget)
    return SearchLimits(
        min_prefix=int(config.get("SEARCH_MIN_PREFIX", defaults.min_prefix)),
        max_expansions=int(config.get("SEARCH_MAX_EXPANSIONS", defaults.max_expansions)),
        time_budget=None if budget is None else float(budget))


def build_request(query: str, filters: dict[str, list], sort: str = "relevance", page: int = 1,
                  per_page: int = 20, kind: Optional[str] = None, user: Any = None,
                  partner_only: bool = False) -> SearchRequest:
    """A search as ``user`` may make it; ``partner_only`` ("Khusus mitra")
    narrows to partner documents for those who may read them, and is
    ignored for everyone else."""
    visibilities = readable_visibilities(user)
    if partner_only and "partner" in visibilities:
        visibilities = ("partner",)
    return SearchRequest(
        query=(query or "")[:500], filters=filters, visibilities=visibilities,
        include_unpublished=False, sort=sort if sort in SORTS else "relevance",
        page=max(1, page), per_page=per_page, kind=kind, facets=FACET_FIELDS,
        limits=search_limits(), vocabulary=synonyms.current_vocabulary(), allow_partial=True)


class SearchUnavailable(RuntimeError):
    """The index is missing, corrupt or was recreated empty: searching it
    would answer wrong results. `search reindex` repairs it."""

    def __init__(self, state: str):
        super().__init__(f"search index {state}")
        self.state = state


UNAVAILABLE_MESSAGE = ("Pencarian sedang tidak tersedia karena indeks pencarian sedang dibangun "
                       "ulang. Silakan coba lagi dalam satu atau dua menit.")
#: Seconds a client is told to wait (Retry-After) while the index rebuilds.
UNAVAILABLE_RETRY_AFTER = 30


def _search_index(plan: SearchPlan, allow_partial: bool = False) -> SearchResult:
    backend = get_backend()
    try:
        result = backend.answer(plan, allow_partial)
    except IndexMissing:
        log.error("search index missing; asking the worker to rebuild it")
        healing.request_rebuild()
        raise SearchUnavailable("missing") from None
    except IndexUnavailable as error:
        log.error("search index unreadable (%s); asking the worker to rebuild it", error)
        healing.request_rebuild()
        raise SearchUnavailable(error.state) from error
    app = current_app._get_current_object()
    if result.total == 0 and backend.doc_count() == 0 and not _nothing_indexed_yet(app):
        log.error("search index is empty but the database has records; asking for a rebuild")
        healing.request_rebuild()
        raise SearchUnavailable("empty")
    return result


def run(request: SearchRequest, user: Any = None) -> SearchPage:
    """Search and re-read the hits from the database, in the engine's order.

    A hit whose row is gone or no longer readable (the index lags by a
    moment) is dropped rather than shown. Raises SearchUnavailable when the
    index cannot be trusted. Hits in a regulation name their pasal;
    ``pasal:169`` narrows to it (search.pasal_hits).
    """
    from jdih.accounts.access import can_read

    plan = plan_search(request)
    found = None
    if plan.query.pasal:
        result, found = pasal_hits.narrowed(_search_index, plan)
    else:
        result = _search_index(plan, request.allow_partial)
    by_prefix: dict[str, list[int]] = {}
    for hit in result.hits:
        prefix, row_id = records.split_key(hit.key)
        by_prefix.setdefault(prefix, []).append(row_id)
    rows = {prefix: DISPLAY_LOADERS[prefix](db.session, ids)
            for prefix, ids in by_prefix.items() if prefix in DISPLAY_LOADERS}
    page = SearchPage(request=request, result=result)
    for hit in result.hits:
        prefix, row_id = records.split_key(hit.key)
        row = rows.get(prefix, {}).get(row_id)
        if row is None or not can_read(row, user):
            continue
        item = ResultItem(hit=hit, row=row)
        if hit.page_no and isinstance(row, Document):
            located = records.locate_page(row, hit.page_no)
            if located:
                item.attachment, item.attachment_page = located
        page.items.append(item)
    pasal_hits.annotate(page.items, plan.query, found)
    _put_pasal_rulings_first(page, user)
    return page


def _put_pasal_rulings_first(page: SearchPage, user: Any) -> None:
    """A query naming a pasal of a law ("uji materi pasal 169 uu pemilu"):
    the documents related to that law through that pasal head page one."""
    request = page.request
    if request.page != 1 or request.kind == "news" or not request.allow_partial:
        return
    rulings = pasal_query.reviewing_rulings(request.query, user)
    if not rulings:
        return
    shown = {item.hit.key: item for item in page.items}
    first = [shown.get(records.document_key(doc.id)) or ResultItem(_document_hit(doc), doc)
             for doc in rulings]
    keys = {item.hit.key for item in first}
    page.result.total += sum(1 for key in keys if key not in shown)
    page.items = (first + [item for item in page.items if item.hit.key not in keys])[:request.per_page]


def _document_hit(doc: Document) -> Hit:
    """A hit for a document the index did not return (see above)."""
    return Hit(key=records.document_key(doc.id), kind="document", score=0.0, title=doc.judul,
               identity=doc.display_identity or "", doc_type=doc.doc_type,
               jenis=doc.jenis.name if doc.jenis else "", nomor=doc.nomor or "", tahun=doc.tahun,
               status=doc.status or "", title_html=str(escape(doc.judul)))


# -- time-driven changes ----------------------------------------------------------

def queue_status_changes(after: date, until: date) -> int:
    """Queue for reindexing the documents whose status changed with time in
    (``after``, ``until``] (a relation took effect); returns how many."""
    keys = [records.document_key(doc_id) for doc_id in status_changes_between(after, until)]
    outbox.enqueue(db.session, keys)
    db.session.commit()
    return len(keys)
