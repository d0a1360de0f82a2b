"""SearchBackend on PostgreSQL: the search tables (pg_schema.py) live in the
application's own database, so several servers share one index and the
index rows commit with the changes that cause them (service.py).

Answers follow the whoosh backend step for step: visibility is part of
every statement (hits, totals, facets, suggestions), exact matches first and
near spellings (pg_trgm candidates within the same edit distance) only when
nothing matched, disjunctive facet counts, the best PDF page by the most
distinct query terms (pg_search.py runs one search).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.exc import OperationalError, ProgrammingError

from . import limits as search_limits
from . import pg_rebuild, pg_store
from .backend import SearchBackend, SearchResult
from .pg_schema import ENTRY_TABLE
from .pg_search import PgSearch
from .plan import SearchPlan
from .whoosh_store import IndexCorrupt, IndexMissing

log = logging.getLogger(__name__)

QUERY_CANCELED = "57014"
UNDEFINED_TABLE = "42P01"


class PgBackend(SearchBackend):
    def __init__(self, engine, may_create=None, read_engine=None):
        """`read_engine`: a read replica that searches read from (the
        SEARCH_REPLICA_URL setting); everything else uses `engine`."""
        self.engine = engine
        self.read_engine = read_engine or engine
        self.may_create = may_create or (lambda: True)
        self._schema_seen = False

    # --- writing -------------------------------------------------------------

    def ensure_schema(self) -> None:
        """Create the tables when they are missing and nothing was indexed
        yet (a new installation); a lost index stays missing."""
        if self._schema_seen:
            return
        with self.engine.begin() as conn:
            if pg_store.tables_exist(conn):
                self._schema_seen = True
                return
        if not self.may_create():
            raise IndexMissing("the search tables are missing; run 'flask search reindex'")
        with self.engine.begin() as conn:
            pg_store.create_schema(conn)
        self._schema_seen = True

    def index(self, records, conn=None) -> int:
        records = list(records)
        if records:
            self._writing(conn, lambda c: pg_store.write(c, records))
        return len(records)

    def remove(self, keys, conn=None) -> None:
        keys = [k for k in keys if k]
        if keys:
            self._writing(conn, lambda c: pg_store.remove(c, keys))

    def _writing(self, conn, write) -> None:
        """In the caller's transaction when given one, else in our own."""
        self.ensure_schema()
        with self._mapped_errors():
            if conn is not None:
                write(conn)
                return
            with self.engine.begin() as own:
                write(own)

    @contextmanager
    def _mapped_errors(self):
        """Tables dropped or damaged under us: IndexMissing / IndexCorrupt
        (a 503 and a health state), not a 500."""
        try:
            yield
        except ProgrammingError as error:
            state = getattr(error.orig, "sqlstate", "") or ""
            if state == UNDEFINED_TABLE:
                self._schema_seen = False
                raise IndexMissing("the search tables are missing") from None
            if state.startswith("42"):
                raise IndexCorrupt(f"the search tables are damaged: {error.orig}") from None
            raise

    def rebuild(self, records, progress=None, procs: int | None = None) -> int:
        """See SearchBackend.rebuild and pg_rebuild.rebuild (`procs`)."""
        return pg_rebuild.rebuild(self.engine, records, progress, procs)

    def recover(self) -> bool:
        """Nothing to clear: an interrupted rebuild leaves only committed batches."""
        return False

    def doc_count(self) -> int:
        with self._mapped_errors(), self.engine.connect() as conn:
            self._require_tables(conn)
            return conn.execute(text(f"SELECT count(*) FROM {ENTRY_TABLE}")).scalar()

    def keys_with_versions(self) -> dict[str, str]:
        with self._mapped_errors(), self.engine.connect() as conn:
            return pg_store.keys_with_versions(conn)

    def close(self) -> None:
        """The engine belongs to the app; a replica's engine is ours."""
        if self.read_engine is not self.engine:
            self.read_engine.dispose()

    def _require_tables(self, conn) -> None:
        if not self._schema_seen and not pg_store.tables_exist(conn):
            conn.rollback()
            self.ensure_schema()

    # --- searching -------------------------------------------------------------

    def execute(self, plan: SearchPlan) -> SearchResult:
        deadline = search_limits.Deadline(plan.limits.time_budget)
        with self._mapped_errors(), self.read_engine.connect() as conn:
            self._require_tables(conn)
            try:
                return PgSearch(conn, plan, deadline).run()
            except OperationalError as error:
                if getattr(error.orig, "sqlstate", None) != QUERY_CANCELED:
                    raise
                deadline.ran_out = True
                return SearchResult(hits=[], total=0, page=plan.page, per_page=plan.per_page,
                                    notes=[search_limits.NOTE_OUT_OF_TIME], complete=False)
