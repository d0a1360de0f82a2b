"""The search backends the shared search tests run against: whoosh in a
temporary directory, and PostgreSQL in a schema of its own when
JDIH_TEST_POSTGRES_URL names a server (skipped otherwise, never faked)."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine

from conftest import POSTGRES_URL, empty_database, make_config
from jdih.search import WhooshBackend
from jdih.search.pg_backend import PgBackend

_NO_POSTGRES = pytest.mark.skipif(not POSTGRES_URL, reason="JDIH_TEST_POSTGRES_URL not set")
BACKENDS = ["whoosh", pytest.param("postgres", marks=_NO_POSTGRES)]


@contextmanager
def backend_of(kind: str, tmp_path, name: str = "index"):
    """An empty backend of `kind`, closed (and its schema dropped) afterwards."""
    if kind == "whoosh":
        backend = WhooshBackend(str(tmp_path / name), lock_timeout=30)
        try:
            yield backend
        finally:
            backend.close()
        return
    with empty_database("postgresql", tmp_path, name) as url:
        engine = create_engine(url)
        backend = PgBackend(engine)
        backend.ensure_schema()
        try:
            yield backend
        finally:
            backend.close()
            engine.dispose()


# --- the app on each database and backend --------------------------------------------
# Test modules import these fixtures to override conftest's database_url and
# app_config: whoosh on SQLite and on PostgreSQL, and the PostgreSQL backend.

SETUPS = [pytest.param(("sqlite", "whoosh"), id="sqlite-whoosh"),
          pytest.param(("postgresql", "whoosh"), id="postgresql-whoosh", marks=_NO_POSTGRES),
          pytest.param(("postgresql", "postgres"), id="postgresql-postgres", marks=_NO_POSTGRES)]


@pytest.fixture(params=SETUPS)
def search_setup(request) -> tuple[str, str]:
    """(database kind, SEARCH_BACKEND)"""
    return request.param


@pytest.fixture
def search_backend_name(search_setup) -> str:
    return search_setup[1]


@pytest.fixture
def database_url(search_setup, tmp_path):
    with empty_database(search_setup[0], tmp_path) as url:
        yield url


@pytest.fixture
def app_config(database_url, tmp_path, search_backend_name) -> dict:
    return make_config(database_url, tmp_path, SEARCH_BACKEND=search_backend_name)
