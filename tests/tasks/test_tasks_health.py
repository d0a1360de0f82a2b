"""/healthz: 200 when database, index and worker are fine, 503 otherwise."""
from __future__ import annotations

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


def test_the_search_service_health_check_is_used_when_there_is_one(qapp, monkeypatch):
    get_queue(qapp).beat()
    monkeypatch.setattr(service, "index_health", lambda: {"ok": False, "reason": "rusak"}, raising=False)
    response = qapp.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["index"] == {"ok": False, "reason": "rusak"}


def test_a_database_that_does_not_answer_is_unhealthy(qapp, monkeypatch):
    get_queue(qapp).beat()

    def broken(*args, **kwargs):
        raise OSError("database gone")

    from jdih.tasks import health

    monkeypatch.setattr(health, "check_database", broken)
    response = qapp.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["checks"]["database"]["ok"] is False
