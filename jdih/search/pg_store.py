"""Writing the PostgreSQL search tables (pg_schema.py): upserts, removals and
the schema itself (a full rebuild: pg_rebuild.py).

Every write takes a SQLAlchemy connection and runs in the caller's
transaction: the app passes its session's connection, so the index rows of
a change commit or roll back with the change itself. Entries are sent with
COPY into a temporary table and merged with INSERT ... ON CONFLICT; pages
are copied straight in after their record's old pages are deleted.
"""

from __future__ import annotations

import logging

from psycopg.types.json import Jsonb
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from .pg_schema import (CREATE_STATEMENTS, DROP_STATEMENTS, ENTRY_TABLE, PAGE_TABLE,
                        TERM_TABLE, prepare)
from .whoosh_store import IndexMissing

log = logging.getLogger(__name__)

ENTRY_COLUMNS = ("key", "version", "kind", "visibility", "published", "doc_type", "jenis",
                 "tahun", "status", "bidang", "subjects", "keys", "sort_date", "words", "exact",
                 "meta_x", "title_s", "title_x", "identity_s", "meta_s", "nomor_x",
                 "subject_s", "payload")
PAGE_COLUMNS = ("key", "page_no", "body", "stems", "exact")
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


def copy_rows(cursor, table: str, columns, rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([Jsonb(row[c]) if c == "payload" else row[c] for c in columns])


_UPDATES = ", ".join(f"{c} = EXCLUDED.{c}" for c in ENTRY_COLUMNS if c != "key")


def write(conn, records) -> list[str]:
    """Upsert records in the connection's transaction; returns the keys
    written. Entries go through a temporary table (to merge them); pages
    straight in."""
    prepared = prepare(records)
    entries, pages, vocabulary = [], [], set()
    for entry, page_rows, exact in prepared:
        entries.append(entry)
        pages.extend(page_rows)
        vocabulary |= exact
    if not entries:
        return []
    cursor = conn.connection.driver_connection.cursor()
    _temporary_table(cursor)
    copy_rows(cursor, f"tmp_{ENTRY_TABLE}", ENTRY_COLUMNS, entries)
    cursor.execute(
        f"INSERT INTO {ENTRY_TABLE} ({', '.join(ENTRY_COLUMNS)}) "
        f"SELECT {', '.join(ENTRY_COLUMNS)} FROM tmp_{ENTRY_TABLE} ORDER BY key "
        f"ON CONFLICT (key) DO UPDATE SET {_UPDATES}, indexed_at = clock_timestamp() "
        "RETURNING key")
    written = [row[0] for row in cursor.fetchall()]
    cursor.execute(f"DELETE FROM {PAGE_TABLE} WHERE key = ANY(%s)", (written,))
    kept = set(written)
    copy_rows(cursor, PAGE_TABLE, PAGE_COLUMNS, (p for p in pages if p["key"] in kept))
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
