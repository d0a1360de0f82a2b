"""The migrations build the schema the models describe, from an empty
database, on SQLite and on PostgreSQL.

The lead regenerates the migration once every area's models are in, so the
comparison fails while a model has no migration yet: that is the point.
"""
from __future__ import annotations

import pprint

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from conftest import POSTGRES_URL, empty_database, make_config
from jdih import create_app
from jdih.extensions import db
from jdih.search.pg_schema import TABLES as SEARCH_TABLES


def _migrated_app(database_url, tmp_path):
    app = create_app(make_config(database_url, tmp_path))
    with app.app_context():
        assert inspect(db.engine).get_table_names() == [], "the database should start empty"
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return app


def _made_on(dialect: str):
    """Skip what the models create on another database only (Index.ddl_if)."""
    def include(obj, _name, _type, _reflected, _compare_to) -> bool:
        condition = getattr(obj, "_ddl_if", None)
        return condition is None or condition.dialect in (None, dialect)
    return include


def _not_search_tables(name, type_, parent_names) -> bool:
    """The PostgreSQL search backend's tables have no models (pg_schema.py)."""
    return not (type_ == "table" and name in SEARCH_TABLES)


def test_upgrade_from_empty_matches_the_models(database_url, tmp_path):
    app = _migrated_app(database_url, tmp_path)
    with app.app_context():
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "compare_type": True, "include_object": _made_on(connection.dialect.name),
                "include_name": _not_search_tables})
            differences = compare_metadata(context, db.metadata)
        tables = set(inspect(db.engine).get_table_names())
        dialect = db.engine.dialect.name
        db.engine.dispose()
    assert {"document", "attachment", "user_account", "audit_entry", "alembic_version"} <= tables
    assert differences == [], "models and migrations differ:\n" + pprint.pformat(differences)
    # The search tables exist on PostgreSQL only (SQLite cannot hold them).
    assert (set(SEARCH_TABLES) <= tables) is (dialect == "postgresql")


def test_the_postgres_search_backend_works_on_a_migrated_database(tmp_path):
    if not POSTGRES_URL:
        pytest.skip("JDIH_TEST_POSTGRES_URL not set")
    with empty_database("postgresql", tmp_path) as url:
        app = create_app(make_config(url, tmp_path, SEARCH_BACKEND="postgres"))
        result = app.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output + repr(result.exception)
        with app.app_context():
            from jdih.catalogue import operations
            from jdih.catalogue.vocabulary import jenis_choices, seed_vocabularies
            from jdih.search import service

            seed_vocabularies()
            uu = next(j.id for j in jenis_choices("peraturan") if j.abbreviation == "UU")
            doc = operations.create_document("peraturan", {
                "jenis_id": uu, "nomor": "3", "tahun": 2024, "judul": "Pemeliharaan arsip"})
            operations.publish(doc)
            db.session.commit()
            request = service.build_request("arsip", {})
            assert [h.key for h in service.get_backend().search(request).hits] == [
                f"document:{doc.id}"]
            db.session.remove()
            db.engine.dispose()
        service.close_backends()


def test_upgrade_is_repeatable_and_downgrade_empties(database_url, tmp_path):
    app = _migrated_app(database_url, tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0  # already at head: nothing to do
    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    with app.app_context():
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
