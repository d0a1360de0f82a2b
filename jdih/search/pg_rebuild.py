"""A full rebuild of the PostgreSQL search tables (`flask search reindex`).

The rows are copied into new tables (``search_entry_next`` ...) without any
index, the indexes are built once at the end (far cheaper than keeping
eight GIN indexes up to date row by row), and one short transaction swaps
the new tables in. Readers use the live tables throughout and wait only
for the swap itself.

Writers keep writing the live tables while the rebuild runs (index()/remove()
in the transaction of each change). The swap carries their work over: rows
indexed after the rebuild started replace what the rebuild read, and keys
that were live at its start but are gone at the swap are removed.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from itertools import chain, islice
from multiprocessing import get_context

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from . import pg_binary as binary
from .pg_schema import (ENTRY_TABLE, INDEXES, NEXT, PAGE_TABLE, PRIMARY_KEYS, TABLES,
                        TERM_TABLE, index_name, prepare, table_statements)
from .pg_store import ENTRY_COLUMNS, PAGE_COLUMNS, REBUILD_LOCK, create_schema
from .whoosh_store import RebuildInProgress

log = logging.getLogger(__name__)

BATCH_SIZE = 500
#: Fewer batches than this are analysed here: starting workers costs more.
POOL_FROM_BATCHES = 6
#: Memory for building each index (GIN builds are much faster in memory),
#: and how many indexes are built at once.
BUILD_MEMORY, BUILD_SESSIONS = "256MB", 2
#: The swap waits at most this long for a lock, then retries (a reader
#: holding one table while waiting for another must not deadlock with it).
SWAP_LOCK_TIMEOUT_MS, SWAP_ATTEMPTS = 500, 40
LOCK_NOT_AVAILABLE, DEADLOCK = "55P03", "40P01"


def rebuild(engine, records, progress=None, procs: int | None = None) -> int:
    """Build new tables from `records` and swap them in; raises
    RebuildInProgress if another rebuild runs. `procs` worker processes
    analyse the batches while this one writes (default: up to 4, one per
    CPU; none for fewer than POOL_FROM_BATCHES batches)."""
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
        for table in TABLES:  # what a crashed rebuild left
            conn.execute(text(f"DROP TABLE IF EXISTS {table}{NEXT}"))
        for statement in table_statements(NEXT, keys=False):
            conn.execute(text(statement))
        _set_row_storage(conn)
        started = conn.execute(text("SELECT clock_timestamp()")).scalar()
        live_at_start = set(conn.execute(text(f"SELECT key FROM {ENTRY_TABLE}")).scalars())
    seen: set[str] = set()
    vocabulary: Counter = Counter()
    loading = time.perf_counter()
    for rows, counts in _formatted_batches(records, procs):
        entries, pages = [], []
        for key, entry, page_lines in rows:
            if key not in seen:  # a key twice would break the primary key
                seen.add(key)
                entries.append(entry)
                pages.append(page_lines)
        vocabulary.update(counts)
        with engine.begin() as conn:
            # Nothing reads these rows before the swap, whose commit waits
            # for the log to be flushed, this batch's included.
            conn.execute(text("SET LOCAL synchronous_commit = off"))
            conn.execute(text("SET LOCAL default_toast_compression = 'lz4'"))
            _load(conn, entries, pages)
        if progress:
            progress(len(seen))
    indexing = time.perf_counter()
    _finish_tables(engine, vocabulary)
    swapping = time.perf_counter()
    _swap(engine, started, live_at_start)
    log.info("search rebuild: %d records copied in %.1f s, indexed in %.1f s, swapped in "
             "%.2f s", len(seen), indexing - loading, swapping - indexing,
             time.perf_counter() - swapping)
    return len(seen)


#: Vectors every match is scored by: kept in the row (compressed), while
#: everything else leaves it for the TOAST table.
SCORED_COLUMNS = ("identity_s", "title_s", "meta_s", "nomor_x")


def _set_row_storage(conn) -> None:
    """Entry rows half as wide: counting and ranking visit the row of
    every match, so the fewer pages those rows fill, the faster. Page rows
    keep their positions (exact) in the table and send the text and stems
    to TOAST: a phrase reads the positions of every candidate page, which
    took 2 to 4 times less than with the positions in TOAST too, and the
    load less server time (measured)."""
    conn.execute(text(f"ALTER TABLE {ENTRY_TABLE}{NEXT} SET (toast_tuple_target = 128)"))
    conn.execute(text(f"ALTER TABLE {ENTRY_TABLE}{NEXT} " + ", ".join(
        f"ALTER COLUMN {column} SET STORAGE MAIN" for column in SCORED_COLUMNS)))
    conn.execute(text(f"ALTER TABLE {PAGE_TABLE}{NEXT} ALTER COLUMN exact SET STORAGE MAIN"))


def _load(conn, entries: list[bytes], pages: list[bytes]) -> None:
    cursor = conn.connection.driver_connection.cursor()
    for table, columns, rows in ((ENTRY_TABLE, ENTRY_COLUMNS, entries),
                                 (PAGE_TABLE, PAGE_COLUMNS, pages)):
        with cursor.copy(f"COPY {table}{NEXT} ({', '.join(columns)}) FROM STDIN "
                         "(FORMAT BINARY)") as copy:
            copy.write(b"".join([binary.HEADER, *rows, binary.TRAILER]))


def _finish_tables(engine, vocabulary: Counter) -> None:
    """The vocabulary with its document counts, the keys, the indexes and
    the planner's statistics of the new tables."""
    with engine.begin() as conn:
        cursor = conn.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {TERM_TABLE}{NEXT} (term, ndocs) FROM STDIN") as copy:
            for item in vocabulary.items():
                copy.write_row(item)
    _build_in_parallel(engine, _build_statements())


def _build_statements() -> list[str]:
    """Keys first (quick, but they lock their table), then the indexes,
    the pages' GIN index (the largest) first, then the statistics."""
    keys = [f"ALTER TABLE {table}{NEXT} ADD CONSTRAINT {table}{NEXT}_pkey PRIMARY KEY "
            f"({columns})" for table, columns in PRIMARY_KEYS]
    indexes = [f"CREATE INDEX {index_name(table, name, NEXT)} ON {table}{NEXT} USING {how}"
               for table, name, how in sorted(INDEXES, key=lambda i: i[0] != PAGE_TABLE)]
    return keys + indexes + [f"ANALYZE {table}{NEXT}" for table in TABLES]


def _build_in_parallel(engine, statements: list[str]) -> None:
    """Run the statements in BUILD_SESSIONS sessions at once, each in a
    transaction of its own (which holds one table's lock, so they cannot
    deadlock): a GIN build uses one core, and nothing else runs now."""
    work: queue.SimpleQueue = queue.SimpleQueue()
    for statement in statements:
        work.put(statement)

    def build() -> None:
        while True:
            try:
                statement = work.get_nowait()
            except queue.Empty:
                return
            try:
                with engine.begin() as conn:
                    conn.execute(text(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'"))
                    conn.execute(text(statement))
            except BaseException:
                while not work.empty():  # the other sessions stop too
                    work.get_nowait()
                raise

    with ThreadPoolExecutor(BUILD_SESSIONS) as pool:
        for done in [pool.submit(build) for _ in range(BUILD_SESSIONS)]:
            done.result()


def _swap(engine, started, live_at_start: set[str]) -> None:
    for attempt in range(SWAP_ATTEMPTS):
        try:
            with engine.begin() as conn:
                conn.execute(text(f"SET LOCAL lock_timeout = {SWAP_LOCK_TIMEOUT_MS}"))
                conn.execute(text(f"LOCK TABLE {ENTRY_TABLE}, {PAGE_TABLE}, {TERM_TABLE} "
                                  "IN ACCESS EXCLUSIVE MODE"))
                _carry_over(conn, started, live_at_start)
                _rename(conn)
            return
        except OperationalError as error:
            state = getattr(error.orig, "sqlstate", None)
            if state not in (LOCK_NOT_AVAILABLE, DEADLOCK) or attempt == SWAP_ATTEMPTS - 1:
                raise
            log.info("search rebuild: tables busy, swap retried (%d)", attempt + 1)
            time.sleep(0.05 * (attempt + 1))


_ENTRY_LIST = ", ".join((*ENTRY_COLUMNS, "indexed_at"))
_PAGE_LIST = ", ".join(PAGE_COLUMNS)


def _carry_over(conn, started, live_at_start: set[str]) -> None:
    """Writes to the live tables since the rebuild started win over what
    the rebuild read: rows indexed since replace the rebuilt ones, keys
    removed since leave."""
    changed = list(conn.execute(text(f"SELECT key FROM {ENTRY_TABLE} WHERE indexed_at >= :s"),
                                {"s": started}).scalars())
    live = set(conn.execute(text(f"SELECT key FROM {ENTRY_TABLE}")).scalars())
    gone = sorted(live_at_start - live)
    if not changed and not gone:
        return
    keys = {"keys": sorted(set(changed) | set(gone)), "changed": changed}
    for table in (ENTRY_TABLE, PAGE_TABLE):
        conn.execute(text(f"DELETE FROM {table}{NEXT} WHERE key = ANY(:keys)"), keys)
    conn.execute(text(f"INSERT INTO {ENTRY_TABLE}{NEXT} ({_ENTRY_LIST}) SELECT {_ENTRY_LIST} "
                      f"FROM {ENTRY_TABLE} WHERE key = ANY(:changed)"), keys)
    conn.execute(text(f"INSERT INTO {PAGE_TABLE}{NEXT} ({_PAGE_LIST}) SELECT {_PAGE_LIST} "
                      f"FROM {PAGE_TABLE} WHERE key = ANY(:changed)"), keys)
    conn.execute(text(f"INSERT INTO {TERM_TABLE}{NEXT} (term) SELECT DISTINCT t FROM "
                      f"{ENTRY_TABLE}{NEXT}, unnest(tsvector_to_array(exact)) t "
                      "WHERE key = ANY(:changed) ON CONFLICT DO NOTHING"), keys)


def _rename(conn) -> None:
    for table in TABLES:
        conn.execute(text(f"DROP TABLE {table}"))
    for table in TABLES:
        conn.execute(text(f"ALTER TABLE {table}{NEXT} RENAME TO {table}"))
        conn.execute(text(f"ALTER INDEX {table}{NEXT}_pkey RENAME TO {table}_pkey"))
    for table, name, _ in INDEXES:
        conn.execute(text(f"ALTER INDEX {index_name(table, name, NEXT)} "
                          f"RENAME TO {index_name(table, name)}"))


def _formatted_batches(records, procs):
    """(rows, vocabulary counts) of each batch, made by `formatted` in
    worker processes with a few batches in flight, so memory stays bounded.
    As whoosh_bulk: fork (warm stem cache, no re-import; the children never
    touch the database and leave through os._exit) while this process runs
    a single thread."""
    records = iter(records)
    ahead = []
    while len(ahead) < POOL_FROM_BATCHES and (batch := list(islice(records, BATCH_SIZE))):
        ahead.append(batch)
    procs = procs or min(4, os.cpu_count() or 1)
    batches = chain(ahead, iter(lambda: list(islice(records, BATCH_SIZE)), []))
    if len(ahead) < POOL_FROM_BATCHES or procs <= 1:
        yield from map(formatted, batches)
        return
    context = get_context("fork" if threading.active_count() == 1 else "spawn")
    with ProcessPoolExecutor(procs, mp_context=context) as pool:
        in_flight: deque = deque()
        for batch in batches:
            in_flight.append(pool.submit(formatted, batch))
            if len(in_flight) > procs:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()


def formatted(records) -> tuple[list[tuple[str, bytes, bytes]], Counter]:
    """([(key, entry row, page rows)] in COPY's binary format (pg_binary.py),
    how many records hold each exact term) of a batch: everything but the
    sending happens in the workers."""
    rows, counts = [], Counter()
    for entry, pages, exact in prepare(records, binary.tsvector):
        rows.append((entry["key"], binary.row(entry, ENTRY_COLUMNS),
                     b"".join([binary.row(page, PAGE_COLUMNS) for page in pages])))
        counts.update(exact)
    return rows, counts
