"""Partner webhooks through /api/v1/webhooks, delivered to a real HTTP
receiver: HMAC signatures, payload, retries with backoff, the delivery log,
disabling after consecutive failures, a revoked token's webhooks stopping."""
from __future__ import annotations

import hashlib
import hmac
import time

import pytest
from sqlalchemy import select

from alerts_support import app_config, smtp  # noqa: F401 (fixtures)
from alerts_support import Receiver, make_doc
from conftest import bearer, issue_token
from jdih.alerts.models import Webhook, WebhookDelivery
from jdih.catalogue.models import Document
from jdih.extensions import db
from jdih.relations import operations as relations


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


def _amend(app, slug: str, source: tuple = ("UU", "7", 2023)) -> float:
    with app.app_context():
        target = db.session.scalar(select(Document).where(Document.slug == slug))
        relations.add("mengubah", relations.End.of(make_doc(*source)), relations.End.of(target),
                      pasal="Pasal 1")
        started = time.monotonic()
        db.session.commit()
        return started


def _doc(app, abbreviation="UU", nomor="7", tahun=2017, **values) -> str:
    with app.app_context():
        slug = make_doc(abbreviation, nomor, tahun, **values).slug
        db.session.commit()
        return slug


def _register(client, token: str, url: str, slug: str | None = None):
    body = {"url": url}
    if slug:
        body["target"] = {"kind": "document", "value": slug}
    return client.post("/api/v1/webhooks", json=body, headers=bearer(token))


def _retry_due(app, rounds: int, pause: float = 0.0) -> None:
    """What the worker's minutely run does, ``rounds`` times."""
    from jdih.tasks import definitions

    for _ in range(rounds):
        time.sleep(pause)
        with app.app_context():
            definitions.dispatch_alerts()


def test_signed_delivery_with_payload_and_log(app, client, receiver):
    slug = _doc(app)
    _, token = issue_token(app)
    created = _register(client, token, receiver.url, slug)
    assert created.status_code == 201
    hook = created.get_json()
    assert hook["secret"].startswith("whsec_") and hook["target"]["value"].isdigit()
    started = _amend(app, slug)
    assert len(receiver.requests) == 1
    arrived, headers, body = receiver.requests[0]
    print(f"\nwebhook: {1000 * (arrived - started):.1f} ms from commit to receipt")
    expected = "sha256=" + hmac.new(hook["secret"].encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-JDIH-Signature"] == expected and headers["X-JDIH-Event"] == "amended"
    [payload] = receiver.payloads()
    assert payload["event"] == "amended" and payload["document"]["slug"] == slug
    assert payload["document"]["url"] == f"http://jdih.test/dokumen/{slug}"
    assert payload["detail"] == {"by": "UU 7/2023", "by_document_id": payload["detail"]["by_document_id"],
                                 "pasal": "Pasal 1"}
    assert headers["X-JDIH-Delivery"] == str(payload["id"])
    log = client.get(f"/api/v1/webhooks/{hook['id']}/deliveries", headers=bearer(token)).get_json()["data"]
    assert [(d["state"], d["attempts"], d["last_status"]) for d in log] == [("delivered", 1, 200)]


def test_failures_are_retried_with_backoff(app, client, receiver):
    slug = _doc(app)
    _, token = issue_token(app)
    hook_id = _register(client, token, receiver.url, slug).get_json()["id"]
    receiver.statuses = [500, 503]
    _amend(app, slug)
    assert len(receiver.requests) == 1
    _retry_due(app, 1)  # not due yet (0.2 s after the first failure)
    assert len(receiver.requests) == 1
    _retry_due(app, 1, pause=0.25)  # second attempt, fails; the next waits 0.4 s
    _retry_due(app, 1, pause=0.25)
    assert len(receiver.requests) == 2
    _retry_due(app, 1, pause=0.25)
    assert len(receiver.requests) == 3
    times = [arrived for arrived, _, _ in receiver.requests]
    assert times[2] - times[1] >= 0.4 > times[1] - times[0] >= 0.2
    assert len({body for _, _, body in receiver.requests}) == 1  # the same signed body each time
    log = client.get(f"/api/v1/webhooks/{hook_id}/deliveries", headers=bearer(token)).get_json()["data"]
    assert [(d["state"], d["attempts"], d["last_status"]) for d in log] == [("delivered", 3, 200)]


def test_disabled_after_ten_consecutive_failures(app, client, receiver):
    app.config.update(WEBHOOK_RETRY_SECONDS=0, WEBHOOK_MAX_ATTEMPTS=20)
    slug = _doc(app)
    _, token = issue_token(app)
    hook_id = _register(client, token, receiver.url, slug).get_json()["id"]
    receiver.statuses = [500] * 30
    _amend(app, slug)
    _retry_due(app, 12)
    assert len(receiver.requests) == 10
    [hook] = client.get("/api/v1/webhooks", headers=bearer(token)).get_json()["data"]
    assert hook["id"] == hook_id and hook["active"] is False and "10 kegagalan" in hook["disabled_reason"]
    _amend(app, slug, ("UU", "8", 2024))
    assert len(receiver.requests) == 10


def test_revoked_token_webhooks_stop(app, client, receiver):
    from jdih.api import tokens
    from jdih.api.models import ApiToken

    slug = _doc(app)
    token_id, token = issue_token(app)
    _register(client, token, receiver.url)  # every event this token may read
    receiver.statuses = [500]
    _amend(app, slug)
    published_and_amended = len(receiver.requests)
    assert published_and_amended == 2  # UU 7/2023 published, UU 7/2017 amended (one failed)
    with app.app_context():
        tokens.revoke_token(db.session.get(ApiToken, token_id))
        db.session.commit()
    _retry_due(app, 1, pause=0.25)  # the failed one is dropped, not retried
    _amend(app, slug, ("UU", "8", 2024))
    assert len(receiver.requests) == published_and_amended
    with app.app_context():
        states = set(db.session.scalars(select(WebhookDelivery.state)))
        assert states == {"delivered", "dropped"}
    assert client.get("/api/v1/webhooks", headers=bearer(token)).status_code == 401


def test_only_documents_the_token_may_read(app, client, receiver):
    _, token = issue_token(app)
    _register(client, token, receiver.url)
    _doc(app, "PKPU", "1", 2025, visibility="partner")
    _doc(app, "PKPU", "2", 2025, visibility="internal")
    _doc(app, "PKPU", "3", 2025, publish=False)
    assert [p["document"]["identity"] for p in receiver.payloads()] == ["PKPU 1/2025"]


def test_webhook_api_refusals(app, client):
    slug = _doc(app, visibility="internal")
    _, token = issue_token(app)
    _, other = issue_token(app, "Lain")
    assert client.get("/api/v1/webhooks").status_code == 401
    assert client.post("/api/v1/webhooks", json={"url": "https://x.example/h"}).status_code == 401
    bad = client.post("/api/v1/webhooks", json={"url": "ftp://x.example/h"}, headers=bearer(token))
    assert bad.status_code == 400 and "http(s)" in bad.get_json()["error"]["message"]
    hidden = _register(client, token, "https://x.example/h", slug)
    assert hidden.status_code == 400 and "tidak ditemukan" in hidden.get_json()["error"]["message"]
    assert client.post("/api/v1/webhooks", data="x", headers=bearer(token)).status_code == 400
    hook_id = _register(client, token, "https://x.example/h").get_json()["id"]
    assert client.delete(f"/api/v1/webhooks/{hook_id}", headers=bearer(other)).status_code == 404
    assert client.get(f"/api/v1/webhooks/{hook_id}/deliveries", headers=bearer(other)).status_code == 404
    assert client.delete(f"/api/v1/webhooks/{hook_id}", headers=bearer(token)).status_code == 204
    with app.app_context():
        assert db.session.scalar(select(Webhook)) is None


def test_local_network_urls_and_redirects_are_refused(app, client, receiver):
    _, token = issue_token(app)
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False
    for url in ("http://127.0.0.1:8080/h", "http://localhost/h", "http://10.1.2.3/h", "http://[::1]/h",
                "http://169.254.169.254/latest"):
        refused = _register(client, token, url)
        assert refused.status_code == 400 and "jaringan lokal" in refused.get_json()["error"]["message"], url
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    elsewhere = Receiver().start()
    try:
        receiver.statuses, receiver.location = [302], elsewhere.url
        hook_id = _register(client, token, receiver.url).get_json()["id"]
        _doc(app)
        assert len(receiver.requests) == 1 and elsewhere.requests == []  # the redirect is not followed
        log = client.get(f"/api/v1/webhooks/{hook_id}/deliveries", headers=bearer(token)).get_json()["data"]
        assert [(d["state"], d["last_status"]) for d in log] == [("pending", 302)]
    finally:
        elsewhere.stop()


def test_old_events_and_their_log_are_pruned(app, client, receiver):
    from datetime import timedelta

    from jdih.alerts.dispatch import prune
    from jdih.alerts.models import AlertEvent

    _, token = issue_token(app)
    _register(client, token, receiver.url)
    _doc(app)
    with app.app_context():
        assert prune(30) == 0
        event = db.session.scalar(select(AlertEvent))
        event.created_at = event.created_at - timedelta(days=31)
        db.session.commit()
        assert prune(30) == 1
        assert db.session.scalar(select(WebhookDelivery)) is None
