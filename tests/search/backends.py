"""The search backends the shared search tests run against: whoosh in a
temporary directory, and PostgreSQL in a schema of its own when
JDIH_TEST_POSTGRES_URL names a server (skipped otherwise, never faked)."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine

from conftest import POSTGRES_URL, empty_database
from jdih.search import WhooshBackend
from jdih.search.pg_backend import PgBackend

BACKENDS = ["whoosh", pytest.param("postgres", marks=pytest.mark.skipif(
    not POSTGRES_URL, reason="JDIH_TEST_POSTGRES_URL not set"))]


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
