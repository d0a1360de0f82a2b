"""A missing or corrupt index is reported, never answered from (issue 10):
search says it is unavailable (503), health checks name the problem,
`search verify` reports it without creating an empty index, and
`search reindex` repairs it. The search that finds it unusable asks the
worker to rebuild it (issue 11): here tasks run inline, so the next search
already answers, with no operator."""
from __future__ import annotations

import glob
import os
import shutil

import pytest
from sqlalchemy import text

from backends import app_config, database_url, search_backend_name, search_setup  # noqa: F401 (fixtures)
from jdih.catalogue import operations
from jdih.catalogue.vocabulary import jenis_choices
from jdih.extensions import db
from jdih.search import WhooshBackend, maintenance, service
from jdih.search.pg_schema import ENTRY_TABLE, PAGE_TABLE, TABLES

UNAVAILABLE = "Pencarian sedang tidak tersedia"


@pytest.fixture
def catalogue(app):
    """Three published documents, indexed."""
    with app.app_context():
        uu = next(j.id for j in jenis_choices("peraturan") if j.abbreviation == "UU")
        for n in range(3):
            doc = operations.create_document("peraturan", {
                "jenis_id": uu, "nomor": str(40 + n), "tahun": 2020,
                "judul": f"Pengawasan kampanye bagian {n}"})
            operations.publish(doc)
        db.session.commit()


def run_sql(app, *statements) -> None:
    with app.app_context(), db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


def lose_index(app, backend_name) -> None:
    """Delete the index: its directory, or its tables."""
    with app.app_context():
        base_dir = None if backend_name == "postgres" else service.get_backend().store.base_dir
        service.close_backends()
    if base_dir:
        shutil.rmtree(base_dir)
    else:
        run_sql(app, *(f"DROP TABLE {table}" for table in TABLES))


def corrupt_index(app, backend_name) -> None:
    """Damage the index: truncate a segment file, or drop columns."""
    with app.app_context():
        base_dir = None if backend_name == "postgres" else service.get_backend().store.base_dir
        service.close_backends()
    if base_dir:
        segment = max(glob.glob(os.path.join(base_dir, "gen-*", "*.seg")), key=os.path.getsize)
        with open(segment, "r+b") as handle:
            handle.truncate(os.path.getsize(segment) // 2)
    else:
        run_sql(app, f"ALTER TABLE {ENTRY_TABLE} DROP COLUMN version, DROP COLUMN words")


def empty_index(app, backend_name) -> None:
    """What the old `verify` left: an empty index where a full one was."""
    with app.app_context():
        base_dir = None if backend_name == "postgres" else service.get_backend().store.base_dir
        service.close_backends()
    if base_dir:
        shutil.rmtree(base_dir)
        WhooshBackend(base_dir).store.ensure_live()
    else:
        run_sql(app, f"TRUNCATE {ENTRY_TABLE}, {PAGE_TABLE}")


def health(app):
    with app.app_context():
        return maintenance.index_health()


def assert_unavailable_then_healed(app, client, path="/cari?q=kampanye"):
    """The first search answers 503 and asks for a rebuild (run inline in
    tests); the next one answers from the rebuilt index."""
    answer = client.get(path)
    assert answer.status_code == 503
    assert int(answer.headers["Retry-After"]) >= service.UNAVAILABLE_RETRY_AFTER
    if path.startswith("/api/"):
        assert answer.get_json()["error"]["code"] == "search_unavailable"
    else:
        assert UNAVAILABLE in answer.get_data(as_text=True)
    assert "3 hasil" in client.get("/cari?q=kampanye").get_data(as_text=True)
    assert client.get("/api/v1/search?q=kampanye").get_json()["total"] == 3
    assert health(app).state == "ok"


def assert_repaired(app, client, runner):
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "3 hasil" in client.get("/cari?q=kampanye").get_data(as_text=True)
    assert client.get("/api/v1/search?q=kampanye").get_json()["total"] == 3
    assert health(app).state == "ok"


def test_healthy_index(app, catalogue, client):
    state = health(app)
    assert (state.state, state.indexed, state.expected) == ("ok", 3, 3)
    assert client.get("/api/v1/search?q=kampanye").get_json()["total"] == 3


def test_deleted_index(app, catalogue, client, runner, search_backend_name):
    lose_index(app, search_backend_name)
    assert health(app).state == "missing"
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 2
    assert "tidak ada" in result.output and "search reindex" in result.output
    # verify created nothing: the index is still missing, not empty.
    assert health(app).state == "missing"
    assert_repaired(app, client, runner)


def test_deleted_index_heals_after_the_first_search(app, catalogue, client, search_backend_name):
    lose_index(app, search_backend_name)
    assert_unavailable_then_healed(app, client)
    lose_index(app, search_backend_name)
    assert_unavailable_then_healed(app, client, "/api/v1/search?q=kampanye")


def test_corrupt_index(app, catalogue, client, runner, caplog, search_backend_name):
    corrupt_index(app, search_backend_name)
    assert health(app).state == "corrupt"
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 2
    assert "rusak" in result.output
    assert_unavailable_then_healed(app, client)
    assert any("search index" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")


def test_index_recreated_empty_is_not_trusted(app, catalogue, client, runner,
                                              search_backend_name):
    empty_index(app, search_backend_name)
    state = health(app)
    assert (state.state, state.indexed, state.expected) == ("out-of-step", 0, 3)
    assert_unavailable_then_healed(app, client)


def test_no_index_and_nothing_to_index_is_an_empty_answer(app, client, runner):
    page = client.get("/cari?q=kampanye")
    assert page.status_code == 200 and "0 hasil" in page.get_data(as_text=True)
    assert health(app).state == "ok"
    assert runner.invoke(args=["search", "verify"]).exit_code == 0
