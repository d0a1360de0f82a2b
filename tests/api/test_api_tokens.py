"""Partners' tokens: issued by admins, shown once, stored hashed, revocable;
what each caller sees through the API; rate limits."""
from __future__ import annotations

import hashlib
import re

import pytest

from api_helpers import make_document
from conftest import bearer, issue_token
from conftest import csrf_token_from, make_config
from jdih.extensions import db


@pytest.fixture
def records(app):
    return {visibility: make_document(app, visibility=visibility, judul=f"Dokumen {visibility}",
                                      nomor=str(n))
            for n, visibility in enumerate(("public", "partner", "internal"), start=1)}


def slugs_by_id(app) -> dict[int, str]:
    with app.app_context():
        from jdih.catalogue.models import Document

        return {doc.id: doc.slug for doc in db.session.query(Document)}


def listed(client, headers=None) -> set[int]:
    response = client.get("/api/v1/documents", headers=headers or {})
    assert response.status_code == 200, response.get_data(as_text=True)
    return {item["id"] for item in response.get_json()["data"]}


def test_anonymous_sees_public_records_only(client, records):
    assert listed(client) == {records["public"]}
    slugs = slugs_by_id(client.application)
    assert client.get(f"/api/v1/documents/{slugs[records['public']]}").status_code == 200
    assert client.get(f"/api/v1/documents/{slugs[records['partner']]}").status_code == 404


def test_token_holder_sees_partner_records_not_internal(app, client, records):
    _, token = issue_token(app)
    assert listed(client, bearer(token)) == {records["public"], records["partner"]}
    slugs = slugs_by_id(app)
    detail = client.get(f"/api/v1/documents/{slugs[records['partner']]}", headers=bearer(token))
    assert detail.status_code == 200 and detail.get_json()["visibility"] == "partner"
    assert client.get(f"/api/v1/documents/{slugs[records['partner']]}").status_code == 404
    internal = client.get(f"/api/v1/documents/{slugs[records['internal']]}", headers=bearer(token))
    assert internal.status_code == 404


@pytest.mark.parametrize("header", ["Bearer jdih_tidak-dikenal", "Bearer ", "bearer salah"])
def test_unknown_token_is_401(client, records, header):
    response = client.get("/api/v1/documents", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_token"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_is_401(app, client, records):
    token_id, token = issue_token(app)
    assert client.get("/api/v1/documents", headers=bearer(token)).status_code == 200
    with app.app_context():
        from jdih.api import tokens
        from jdih.api.models import ApiToken

        tokens.revoke_token(db.session.get(ApiToken, token_id))
        db.session.commit()
    response = client.get("/api/v1/documents", headers=bearer(token))
    assert response.status_code == 401 and response.get_json()["error"]["status"] == 401


def test_a_staff_session_grants_nothing_through_the_api(client, auth, users, records):
    auth.login(users["admin"])
    assert client.get("/staf/dokumen").status_code == 200  # the session works for pages
    assert listed(client) == {records["public"]}
    auth.logout()
    auth.login(users["partner"])
    assert listed(client) == {records["public"]}


def test_admin_issues_a_token_shown_once_and_stored_hashed(app, client, auth, users, records):
    auth.login(users["admin"])
    page = client.get("/admin/token")
    assert page.status_code == 200
    response = client.post("/admin/token", data={"name": "Bawaslu RI", "role": "partner",
                                                 "csrf_token": csrf_token_from(page.get_data(as_text=True))})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    token = re.search(r'<code class="token-value">([^<]+)</code>', response.get_data(as_text=True)).group(1)
    assert "token-value" not in client.get("/admin/token").get_data(as_text=True)
    with app.app_context():
        from jdih.api.models import ApiToken

        record = db.session.query(ApiToken).one()
        assert record.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in (record.token_hash, record.prefix) and record.last_used_at is None
        assert record.created_by.email == users["admin"]
    auth.logout()
    assert records["partner"] in listed(client, bearer(token))
    with app.app_context():
        from jdih.api.models import ApiToken

        assert db.session.query(ApiToken).one().last_used_at is not None

    auth.login(users["admin"])
    page = client.get("/admin/token").get_data(as_text=True)
    assert "Bawaslu RI" in page
    response = client.post(f"/admin/token/{record.id}/cabut", data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert client.get("/api/v1/documents", headers=bearer(token)).status_code == 401


def test_token_pages_are_for_admins_and_need_csrf(app, client, auth, users):
    assert client.get("/admin/token").status_code == 302  # anonymous: to the login page
    auth.login(users["editor"])
    assert client.get("/admin/token").status_code == 403
    auth.logout()
    auth.login(users["admin"])
    assert client.post("/admin/token", data={"name": "Tanpa CSRF", "role": "partner"}).status_code == 400
    page = client.get("/admin/token").get_data(as_text=True)
    assert client.post("/admin/token", data={"name": " ", "role": "partner",
                                             "csrf_token": csrf_token_from(page)}).status_code == 400
    with app.app_context():
        from jdih.api.models import ApiToken

        assert db.session.query(ApiToken).count() == 0


@pytest.fixture
def limited_app(database_url, tmp_path):
    from jdih import create_app

    app = create_app(make_config(database_url, tmp_path, API_ANON_RATE_LIMIT="3 per minute",
                                 API_RATE_LIMIT="5 per minute"))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    from jdih.extensions import limiter

    limiter.reset()


def test_rate_limits_per_address_and_per_token(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        assert client.get("/api/v1/documents").status_code == 200
    response = client.get("/api/v1/documents")
    assert response.status_code == 429
    assert response.get_json()["error"] == {"status": 429, "code": "rate_limited",
                                            "message": response.get_json()["error"]["message"]}
    assert int(response.headers["Retry-After"]) > 0
    # A token is counted on its own, with its own (higher) limit.
    _, token = issue_token(limited_app)
    for _ in range(5):
        assert client.get("/api/v1/documents", headers=bearer(token)).status_code == 200
    assert client.get("/api/v1/documents", headers=bearer(token)).status_code == 429
    _, other = issue_token(limited_app, "Mitra lain")
    assert client.get("/api/v1/documents", headers=bearer(other)).status_code == 200
