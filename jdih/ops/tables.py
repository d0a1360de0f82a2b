"""Every table's rows as JSON lines, and back.

Why rows through SQLAlchemy rather than ``pg_dump``: one format for SQLite
and PostgreSQL (a backup of one restores into the other, which is also the
way from a trial on SQLite to production), row counts the restore can check
table by table, no dependency on the server's client version, and it works
inside the per-test schemas. Consistency comes from reading a snapshot:
a REPEATABLE READ transaction on PostgreSQL (what pg_dump does), a copy
made with SQLite's online backup API on SQLite.
"""
from __future__ import annotations

import base64
import json
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any, Iterator

from sqlalchemy import JSON, Connection, Table, func, insert, inspect, select, text
from sqlalchemy.sql.schema import Column

BATCH = 500


def _encode(value: Any) -> Any:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decode(column: Column, value: Any) -> Any:
    if value is None or isinstance(column.type, JSON):
        return value
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is time:
        return time.fromisoformat(value)
    if python_type is bytes:
        return base64.b64decode(value)
    if python_type is Decimal:
        return Decimal(value)
    return value


def dump_table(conn: Connection, table: Table, out: IO[str]) -> int:
    """Write ``table``'s rows, in primary-key order, one JSON object a line."""
    count = 0
    result = conn.execute(select(table).order_by(*table.primary_key.columns)
                          .execution_options(yield_per=BATCH))
    for row in result.mappings():
        out.write(json.dumps({key: _encode(value) for key, value in row.items()}, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def _batches(table: Table, lines: IO[str]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for line in lines:
        if not line.strip():
            continue
        raw = json.loads(line)
        batch.append({name: _decode(table.columns[name], value) for name, value in raw.items()})
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def load_table(conn: Connection, table: Table, lines: IO[str]) -> int:
    count = 0
    for batch in _batches(table, lines):
        conn.execute(insert(table), batch)
        count += len(batch)
    return count


def count_rows(conn: Connection, table: Table) -> int:
    return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """PostgreSQL: serial counters continue after the restored ids, so the
    next insert does not collide with a restored row."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        for column in table.primary_key.columns:
            if not column.autoincrement or column.type.python_type is not int:
                continue
            sequence = conn.scalar(text("SELECT pg_get_serial_sequence(:table, :column)"),
                                   {"table": table.name, "column": column.name})
            if sequence:
                conn.execute(text(f'SELECT setval(:sequence, COALESCE((SELECT MAX("{column.name}") '
                                  f'FROM "{table.name}"), 0) + 1, false)'), {"sequence": sequence})


def alembic_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.scalar(text("SELECT version_num FROM alembic_version"))


def stamp_revision(conn: Connection, revision: str) -> None:
    """Record the schema revision of the restored data in an empty database."""
    if not inspect(conn).has_table("alembic_version"):
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                          "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"))
    conn.execute(text("DELETE FROM alembic_version"))
    conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:revision)"), {"revision": revision})
