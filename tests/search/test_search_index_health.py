"""A missing or corrupt index is reported, never answered from (issue 10):
search says it is unavailable (503), health checks name the problem,
`search verify` reports it without creating an empty index, and
`search reindex` repairs it."""
from __future__ import annotations

import glob
import os
import shutil

import pytest

from backends import app_config, database_url, search_backend_name, search_setup  # noqa: F401 (fixtures)
from jdih.catalogue import operations
from jdih.catalogue.vocabulary import jenis_choices
from jdih.extensions import db
from jdih.search import service

UNAVAILABLE = "Pencarian sedang tidak tersedia"


@pytest.fixture
def catalogue(app):
    """Three published documents, indexed; returns the index directory."""
    with app.app_context():
        uu = next(j.id for j in jenis_choices("peraturan") if j.abbreviation == "UU")
        for n in range(3):
            doc = operations.create_document("peraturan", {
                "jenis_id": uu, "nomor": str(40 + n), "tahun": 2020,
                "judul": f"Pengawasan kampanye bagian {n}"})
            operations.publish(doc)
        db.session.commit()
        return service.get_backend().store.base_dir


def health(app):
    with app.app_context():
        return service.index_health()


def assert_unavailable(client):
    page = client.get("/cari?q=kampanye")
    assert page.status_code == 503
    assert UNAVAILABLE in page.get_data(as_text=True)
    answer = client.get("/api/v1/search?q=kampanye")
    assert answer.status_code == 503
    assert answer.get_json()["error"]["code"] == "search_unavailable"


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


def test_deleted_index_directory(app, catalogue, client, runner):
    shutil.rmtree(catalogue)
    assert_unavailable(client)
    assert health(app).state == "missing"
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 2
    assert "tidak ada" in result.output and "search reindex" in result.output
    # verify created nothing: search is still unavailable, not empty.
    assert_unavailable(client)
    assert health(app).state == "missing"
    assert_repaired(app, client, runner)


def test_corrupt_segment(app, catalogue, client, runner, caplog):
    with app.app_context():
        service.close_backends()
    segment = max(glob.glob(os.path.join(catalogue, "gen-*", "*.seg")), key=os.path.getsize)
    with open(segment, "r+b") as handle:
        handle.truncate(os.path.getsize(segment) // 2)
    assert_unavailable(client)
    assert any("search index" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert health(app).state == "corrupt"
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 2
    assert "rusak" in result.output
    assert_repaired(app, client, runner)


def test_index_recreated_empty_is_not_trusted(app, catalogue, client, runner):
    with app.app_context():
        service.close_backends()
    shutil.rmtree(catalogue)
    from jdih.search import WhooshBackend

    WhooshBackend(catalogue).store.ensure_live()  # what the old `verify` left: an empty index
    assert_unavailable(client)
    state = health(app)
    assert (state.state, state.indexed, state.expected) == ("out-of-step", 0, 3)
    assert_repaired(app, client, runner)


def test_no_index_and_nothing_to_index_is_an_empty_answer(app, client, runner):
    page = client.get("/cari?q=kampanye")
    assert page.status_code == 200 and "0 hasil" in page.get_data(as_text=True)
    assert health(app).state == "ok"
    assert runner.invoke(args=["search", "verify"]).exit_code == 0
