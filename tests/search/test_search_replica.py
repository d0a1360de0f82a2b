"""SEARCH_REPLICA_URL: searches read the index from a read replica of the
database while every write (and verify) stays on the primary. A second
schema with search tables of its own stands in for the replica, so the
test can tell which one answered."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from conftest import POSTGRES_URL, empty_database, make_config
from jdih.catalogue import operations
from jdih.catalogue.vocabulary import jenis_choices
from jdih.extensions import db
from jdih.search import SearchRecord, service
from jdih.search.pg_backend import PgBackend

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="JDIH_TEST_POSTGRES_URL not set")

ONLY_ON_REPLICA = SearchRecord(key="document:999999", kind="document",
                               title="Naskah yang hanya ada di replika", visibility="public",
                               published=True)


@pytest.fixture
def database_url(tmp_path):
    with empty_database("postgresql", tmp_path) as url:
        yield url


@pytest.fixture
def replica_url(tmp_path):
    with empty_database("postgresql", tmp_path, "replica") as url:
        engine = create_engine(url)
        replica = PgBackend(engine)
        replica.ensure_schema()
        replica.index([ONLY_ON_REPLICA])
        engine.dispose()
        yield url


@pytest.fixture
def app_config(database_url, replica_url, tmp_path) -> dict:
    return make_config(database_url, tmp_path, SEARCH_BACKEND="postgres",
                       SEARCH_REPLICA_URL=replica_url)


def keys_found(app, query: str) -> list[str]:
    with app.test_request_context():
        request = service.build_request(query, {})
        return [hit.key for hit in service.get_backend().search(request).hits]


def test_searches_read_the_replica_and_writes_go_to_the_primary(app, runner):
    with app.app_context():
        jenis = next(j.id for j in jenis_choices("peraturan") if j.abbreviation == "UU")
        doc = operations.create_document("peraturan", {
            "jenis_id": jenis, "nomor": "3", "tahun": 2024, "judul": "Pemilihan serentak daerah",
            "visibility": "public"})
        operations.publish(doc)
        db.session.commit()
        key = f"document:{doc.id}"
        primary = PgBackend(db.engine)
        written = primary.keys_with_versions()

    assert keys_found(app, "replika") == [ONLY_ON_REPLICA.key]
    assert keys_found(app, "serentak") == []  # the replica has not got it
    assert key in written and ONLY_ON_REPLICA.key not in written
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 0, result.output  # verify compares the primary
