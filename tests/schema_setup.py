"""Fill a test's empty database with every table and the standard
vocabularies, fast.

``db.create_all()`` plus ``seed_vocabularies()`` costs about a second per
test (one fsync per DDL statement on SQLite, dozens of round trips and
catalogue checks on PostgreSQL), and a thousand tests pay it. The first test
of a run builds the schema the slow way; later tests get the same result from
a copy: SQLite copies the first test's file, PostgreSQL runs the recorded DDL
and seed rows as one batch in one transaction.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import create_mock_engine, func, insert, select, text

from jdih.catalogue.vocabulary import seed_vocabularies
from jdih.extensions import db

_template_dir = Path(tempfile.mkdtemp(prefix="jdih-schema-"))
atexit.register(shutil.rmtree, _template_dir, True)
_SQLITE_TEMPLATE = _template_dir / "template.sqlite3"
#: PostgreSQL: the DDL and seed statements recorded by the first test.
_postgres_script: list[str] = []


def create_schema(app, seed: bool = True) -> None:
    """Create every table (and, with ``seed``, the standard vocabularies) in
    ``app``'s empty database, as ``db.create_all()`` and
    ``seed_vocabularies()`` would."""
    with app.app_context():
        dialect = db.engine.dialect.name
        if seed and dialect == "sqlite" and _copy_sqlite_template(db.engine):
            return
        if seed and dialect == "postgresql" and _postgres_script:
            with db.engine.begin() as connection:
                connection.exec_driver_sql(";\n".join(_postgres_script))
            return
        db.create_all()
        if seed:
            seed_vocabularies()
            db.session.commit()
            _record_template(dialect)


def _copy_sqlite_template(engine) -> bool:
    target = Path(engine.url.database or "")
    if not _SQLITE_TEMPLATE.exists() or not target.name or (target.exists() and target.stat().st_size):
        return False
    engine.dispose()
    shutil.copyfile(_SQLITE_TEMPLATE, target)
    return True


def _record_template(dialect: str) -> None:
    if dialect == "sqlite":
        db.session.remove()
        db.engine.dispose()
        if not _SQLITE_TEMPLATE.exists():
            shutil.copyfile(db.engine.url.database, _SQLITE_TEMPLATE)
    elif dialect == "postgresql" and not _postgres_script:
        _postgres_script.extend(_ddl_statements() + _seed_statements())


def _ddl_statements() -> list[str]:
    statements: list[str] = []
    dialect = db.engine.dialect
    mock = create_mock_engine(db.engine.url, lambda sql, *a, **k: statements.append(
        str(sql.compile(dialect=dialect))))
    db.metadata.create_all(mock, checkfirst=False)
    return statements


def _seed_statements() -> list[str]:
    """INSERTs of every row the seed wrote, then each serial id sequence
    moved past them (as the ORM inserts would have left it)."""
    statements = []
    for table in db.metadata.sorted_tables:
        rows = [dict(row._mapping) for row in db.session.execute(select(table))]
        if not rows:
            continue
        statements.append(str(insert(table).values(rows).compile(
            dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})))
        for column in table.primary_key.columns:
            if column.autoincrement is True or (column.autoincrement == "auto"
                                                and column.type.python_type is int):
                highest = db.session.scalar(select(func.max(column)))
                statements.append(str(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), {highest})")))
    return statements
