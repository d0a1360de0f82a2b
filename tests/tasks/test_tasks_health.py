"""/healthz: 200 when database, index and worker are fine, 503 otherwise."""
from __future__ import annotations

import shutil
from datetime import timedelta

import pytest

from jdih.extensions import db
from jdih.search import outbox, service
from jdih.tasks.queue import get_queue
from tasks_support import build_app, dispose, queued_config


@pytest.fixture
def qapp(database_url, tmp_path):
    app = build_app(queued_config(database_url, tmp_path, "sqlite"))
    yield app
    dispose(app)


def test_healthy_with_a_live_worker_and_an_empty_queue(qapp):
    get_queue(qapp).beat()
    response = qapp.test_client().get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["checks"]["queue"]["depth"] == 0
    assert response.headers["Cache-Control"] == "no-store"


def test_no_worker_seen_is_unhealthy(qapp):
    body = qapp.test_client().get("/healthz")
    assert body.status_code == 503
    assert body.get_json()["checks"]["queue"]["ok"] is False


def test_an_outbox_nobody_drains_is_unhealthy(qapp):
    get_queue(qapp).beat()
    with qapp.app_context():
        db.session.execute(outbox.SearchOutbox.__table__.insert().values(
            key="document:1", enqueued_at=outbox.utcnow() - timedelta(minutes=30)))
        db.session.commit()
    response = qapp.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["queue"]["outbox_oldest_seconds"] > 1700


def _one_indexed_document(app) -> None:
    from sqlalchemy import select

    from jdih.catalogue import operations
    from jdih.catalogue.models import Jenis

    with app.test_request_context():
        jenis = db.session.scalars(select(Jenis).where(Jenis.abbreviation == "UU")).first()
        doc = operations.create_document("peraturan", {"jenis_id": jenis.id, "nomor": "7", "tahun": 2017,
                                                       "judul": "Pemilihan Umum"})
        operations.publish(doc)
        db.session.commit()
    service.drain(app)


def test_a_missing_index_is_unhealthy(qapp):
    get_queue(qapp).beat()
    _one_indexed_document(qapp)
    assert qapp.test_client().get("/healthz").status_code == 200
    service.close_backends()
    shutil.rmtree(qapp.config["SEARCH_INDEX_DIR"])
    response = qapp.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["index"]["state"] == "missing"


def test_altered_files_found_by_the_fixity_check_are_unhealthy(qapp):
    from jdih.catalogue.storage import FileStore
    from jdih.ops import fixity
    from tasks_support import store_pdf

    get_queue(qapp).beat()
    sha256 = store_pdf(qapp)
    with qapp.app_context():
        fixity.run_and_record()
    assert qapp.test_client().get("/healthz").get_json()["checks"]["files"]["ok"] is True
    FileStore(qapp.config["UPLOAD_DIR"]).path_for(sha256).write_bytes(b"bukan naskah aslinya")
    with qapp.app_context():
        fixity.run_and_record()
    response = qapp.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["files"]["altered"] == 1


def test_a_database_that_does_not_answer_is_unhealthy(qapp, monkeypatch):
    get_queue(qapp).beat()

    def broken(*args, **kwargs):
        raise OSError("database gone")

    from jdih.tasks import health

    monkeypatch.setattr(health, "check_database", broken)
    response = qapp.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["checks"]["database"]["ok"] is False
