"""Writing the PostgreSQL search tables (pg_schema.py): upserts, removals, the
schema itself and the batched rebuild.

Every write takes a SQLAlchemy connection and runs in the caller's
transaction: the app passes its session's connection, so the index rows of
a change commit or roll back with the change itself. Entries are sent with
COPY into a temporary table and merged with INSERT ... ON CONFLICT; pages
are copied straight in after their record's old pages are deleted.

`rebuild` upserts in batches, one short transaction each, so readers are
never blocked and see the old rows until each batch commits. Rows written
by ordinary index()/remove() calls after the rebuild started are newer
than anything it read, so it never overwrites them (``indexed_at``), and it
deletes only rows older than its start that no record claimed.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import chain, islice
from multiprocessing import get_context

from psycopg.types.json import Jsonb
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from .pg_schema import (CREATE_STATEMENTS, DROP_STATEMENTS, ENTRY_TABLE, PAGE_TABLE,
                        TERM_TABLE, prepare)
from .whoosh_store import IndexMissing, RebuildInProgress

log = logging.getLogger(__name__)

ENTRY_COLUMNS = ("key", "version", "kind", "visibility", "published", "doc_type", "jenis",
                 "tahun", "status", "bidang", "subjects", "keys", "sort_date", "words", "exact",
                 "meta_x", "title_s", "title_x", "identity_s", "meta_s", "nomor_x",
                 "subject_s", "payload")
PAGE_COLUMNS = ("key", "page_no", "body", "stems", "exact")
BATCH_SIZE = 500
#: pg_advisory_lock keys: schema creation, the one rebuild at a time.
SCHEMA_LOCK, REBUILD_LOCK = 71_120_001, 71_120_002

MISSING_EXTENSION = (
    "Pencarian PostgreSQL memerlukan ekstensi pg_trgm; jalankan 'CREATE EXTENSION pg_trgm' "
    "sebagai superuser. / The PostgreSQL search backend needs the pg_trgm extension: "
    "run 'CREATE EXTENSION pg_trgm' as a superuser.")


class ExtensionMissing(RuntimeError):
    """pg_trgm is not installed and could not be created."""


# --- the schema ------------------------------------------------------------------

def tables_exist(conn) -> bool:
    return conn.execute(text("SELECT to_regclass(:name)"), {"name": ENTRY_TABLE}).scalar() \
        is not None


def ensure_extension(conn) -> None:
    """pg_trgm, created if this role may; a clear error otherwise."""
    if _has_trigram_ops(conn):
        return
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except DBAPIError:
        raise ExtensionMissing(MISSING_EXTENSION) from None
    if not _has_trigram_ops(conn):
        raise ExtensionMissing(MISSING_EXTENSION)


def _has_trigram_ops(conn) -> bool:
    """The extension is installed in a schema this connection's search_path
    reaches (extensions are per database, tests use a schema per test)."""
    return conn.execute(text(
        "SELECT count(*) FROM pg_opclass WHERE opcname = 'gin_trgm_ops' "
        "AND opcnamespace = ANY(current_schemas(false)::regnamespace[])")).scalar() > 0


def schema_intact(conn) -> bool:
    """The entry table has every column we write (not damaged by hand)."""
    found = set(conn.execute(text(
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(:name) "
        "AND attnum > 0 AND NOT attisdropped"), {"name": ENTRY_TABLE}).scalars())
    return set(ENTRY_COLUMNS) <= found


def create_schema(conn, repair: bool = False) -> None:
    """Create the tables and indexes if missing (idempotent, one creator at
    a time); with `repair`, first drop tables that lost columns."""
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SCHEMA_LOCK})
    ensure_extension(conn)
    if repair and tables_exist(conn) and not schema_intact(conn):
        log.warning("search tables damaged; recreating them")
        for statement in DROP_STATEMENTS:
            conn.execute(text(statement))
    for statement in CREATE_STATEMENTS:
        conn.execute(text(statement))


# --- writing --------------------------------------------------------------------

def _temporary_table(cursor) -> None:
    cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS tmp_{ENTRY_TABLE} "
                   f"(LIKE {ENTRY_TABLE} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS")
    cursor.execute(f"TRUNCATE tmp_{ENTRY_TABLE}")


def _copy(cursor, table: str, columns, rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([Jsonb(row[c]) if c == "payload" else row[c] for c in columns])


_UPDATES = ", ".join(f"{c} = EXCLUDED.{c}" for c in ENTRY_COLUMNS if c != "key")


def write(conn, records, newer_than=None) -> list[str]:
    """Upsert records in the connection's transaction; returns the keys
    written. With `newer_than` (a rebuild's start), rows indexed after it
    are left alone."""
    return write_rows(conn, prepare(records), newer_than)


def write_rows(conn, prepared, newer_than=None) -> list[str]:
    """write() for rows already made by pg_schema.prepare. Entries go
    through a temporary table (to merge them); pages straight in."""
    entries, pages, vocabulary = [], [], set()
    for entry, page_rows, exact in prepared:
        entries.append(entry)
        pages.extend(page_rows)
        vocabulary |= exact
    if not entries:
        return []
    cursor = conn.connection.driver_connection.cursor()
    _temporary_table(cursor)
    _copy(cursor, f"tmp_{ENTRY_TABLE}", ENTRY_COLUMNS, entries)
    guard = f"WHERE {ENTRY_TABLE}.indexed_at < %(since)s" if newer_than is not None else ""
    cursor.execute(
        f"INSERT INTO {ENTRY_TABLE} ({', '.join(ENTRY_COLUMNS)}) "
        f"SELECT {', '.join(ENTRY_COLUMNS)} FROM tmp_{ENTRY_TABLE} ORDER BY key "
        f"ON CONFLICT (key) DO UPDATE SET {_UPDATES}, indexed_at = clock_timestamp() {guard} "
        "RETURNING key", {"since": newer_than})
    written = [row[0] for row in cursor.fetchall()]
    cursor.execute(f"DELETE FROM {PAGE_TABLE} WHERE key = ANY(%s)", (written,))
    kept = set(written)
    _copy(cursor, PAGE_TABLE, PAGE_COLUMNS, (p for p in pages if p["key"] in kept))
    # Sorted, so concurrent writers take the term rows' locks in one order.
    cursor.execute(f"INSERT INTO {TERM_TABLE} (term) SELECT t FROM unnest(%s::text[]) t "
                   "ORDER BY t COLLATE \"C\" ON CONFLICT DO NOTHING", (sorted(vocabulary),))
    return written


def remove(conn, keys) -> None:
    keys = sorted({k for k in keys if k})
    if not keys:
        return
    conn.execute(text(f"DELETE FROM {ENTRY_TABLE} WHERE key = ANY(:keys)"), {"keys": keys})
    conn.execute(text(f"DELETE FROM {PAGE_TABLE} WHERE key = ANY(:keys)"), {"keys": keys})


def keys_with_versions(conn) -> dict[str, str]:
    if not tables_exist(conn):
        raise IndexMissing("the search tables do not exist")
    return dict(conn.execute(text(f"SELECT key, version FROM {ENTRY_TABLE}")).all())


# --- rebuilding -------------------------------------------------------------------

def rebuild(engine, records, progress=None, procs: int | None = None) -> int:
    """Upsert every record in batches, then drop rows nobody claimed and
    recount the vocabulary; raises RebuildInProgress if another runs.
    `procs` worker processes analyse the batches while this one writes
    (default: up to 4, one per CPU; none for a single batch)."""
    with engine.connect() as lock_conn:
        if not lock_conn.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                 {"k": REBUILD_LOCK}).scalar():
            raise RebuildInProgress("a rebuild of the search tables is already running")
        try:
            lock_conn.commit()
            return _rebuild(engine, records, progress, procs)
        finally:
            lock_conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": REBUILD_LOCK})
            lock_conn.commit()


def _rebuild(engine, records, progress, procs) -> int:
    with engine.begin() as conn:
        create_schema(conn, repair=True)
        started = conn.execute(text("SELECT clock_timestamp()")).scalar()
    seen: list[str] = []
    for batch, prepared in _prepared_batches(records, procs):
        with engine.begin() as conn:
            write_rows(conn, prepared, newer_than=started)
        seen.extend(record.key for record in batch)
        if progress:
            progress(len(seen))
    with engine.begin() as conn:
        conn.execute(text(f"DELETE FROM {ENTRY_TABLE} WHERE indexed_at < :started "
                          "AND NOT (key = ANY(:seen))"), {"started": started, "seen": seen})
        conn.execute(text(f"DELETE FROM {PAGE_TABLE} p WHERE NOT EXISTS "
                          f"(SELECT 1 FROM {ENTRY_TABLE} e WHERE e.key = p.key)"))
        recount_vocabulary(conn)
    return len(seen)


#: Fewer batches than this are analysed here: starting workers costs more.
POOL_FROM_BATCHES = 6


def _prepared_batches(records, procs):
    """(batch, its prepared rows), analysed in worker processes with a few
    batches in flight, so memory stays bounded. As whoosh_bulk: fork (warm
    stem cache, no re-import; the children never touch the database and
    leave through os._exit) while this process runs a single thread."""
    records = iter(records)
    ahead = []
    while len(ahead) < POOL_FROM_BATCHES and (batch := list(islice(records, BATCH_SIZE))):
        ahead.append(batch)
    procs = procs or min(4, os.cpu_count() or 1)
    if len(ahead) < POOL_FROM_BATCHES or procs <= 1:
        for batch in chain(ahead, iter(lambda: list(islice(records, BATCH_SIZE)), [])):
            yield batch, prepare(batch)
        return
    batches = chain(ahead, iter(lambda: list(islice(records, BATCH_SIZE)), []))
    context = get_context("fork" if threading.active_count() == 1 else "spawn")
    with ProcessPoolExecutor(procs, mp_context=context) as pool:
        in_flight: deque = deque()
        for batch in batches:
            in_flight.append((batch, pool.submit(prepare, batch)))
            if len(in_flight) > procs:
                done, future = in_flight.popleft()
                yield done, future.result()
        while in_flight:
            done, future = in_flight.popleft()
            yield done, future.result()


def recount_vocabulary(conn) -> None:
    """Document counts of every exact term (used to choose the most frequent
    expansions of a prefix); terms no document holds any more are dropped."""
    conn.execute(text(f"DELETE FROM {TERM_TABLE}"))
    conn.execute(text(f"INSERT INTO {TERM_TABLE} (term, ndocs) SELECT word, ndoc FROM "
                      f"ts_stat('SELECT exact FROM {ENTRY_TABLE}')"))
