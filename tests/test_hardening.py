"""Body size limits, the proxy in front of the app, and the request log."""
from __future__ import annotations

import io
import json
import logging
import re

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from conftest import csrf_token_from, make_config
from jdih import create_app
from jdih.core.requestlog import JsonFormatter, RequestIdFilter
from jdih.extensions import db
from pdfs import make_pdf

BIG_FORM_FIELD = "x" * (1100 * 1024)


def test_a_form_body_beyond_the_form_limit_is_refused_in_indonesian(client):
    # Many fields, each well below Werkzeug's per-field limit: only the body limit stops them.
    fields = {f"isian{n}": "x" * 40_000 for n in range(30)}
    response = client.post("/masuk", data={"email": "a@uji.id", "password": "x", **fields})
    assert response.status_code == 413
    assert "Permintaan terlalu besar (batas 1024 KB)" in response.get_data(as_text=True)


def test_a_json_body_beyond_the_limit_gets_a_json_error(client):
    response = client.post("/api/v1/citations/lookup", data=json.dumps({"text": BIG_FORM_FIELD}),
                           content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_an_upload_may_be_larger_than_a_form(app, client, auth, users):
    from jdih.catalogue import operations
    from jdih.catalogue.models import Jenis

    with app.app_context():
        jenis = db.session.query(Jenis).filter_by(abbreviation="UU").one()
        doc_id = operations.create_document("peraturan", {"jenis_id": jenis.id, "nomor": "1", "tahun": 2020,
                                                          "judul": "Uji"}).id
        db.session.commit()
    auth.login(users["editor"])
    # A real PDF padded past the form limit, still far below MAX_UPLOAD_MB.
    pdf = make_pdf(["besar"]) + b"\n%" + b"0" * (1200 * 1024) + b"\n"
    page = client.get(f"/staf/dokumen/{doc_id}").get_data(as_text=True)
    # Encoded in memory: the test client would spool a body this size to a
    # temporary file it never closes.
    boundary, body = encode_multipart({"csrf_token": csrf_token_from(page), "role": "naskah", "title": "",
                                       "file": FileStorage(io.BytesIO(pdf), "besar.pdf", content_type="application/pdf")})
    response = client.post(f"/staf/dokumen/{doc_id}/lampiran", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 302, re.findall(r"flash-error\">([^<]*)", response.get_data(as_text=True))


def _failed_logins(client, address_header: dict[str, str], count: int) -> list[int]:
    statuses = []
    for n in range(count):
        token = csrf_token_from(client.get("/masuk", headers=address_header).get_data(as_text=True))
        # A different account each time: only the per-address limit counts.
        statuses.append(client.post("/masuk", headers=address_header, data={
            "email": f"orang{n}@uji.id", "password": "salah-sandi-1", "csrf_token": token}).status_code)
    return statuses


@pytest.mark.parametrize("hops, second_client", [(1, 200), (0, 429)])
def test_rate_limits_key_on_the_forwarded_address_behind_a_trusted_proxy(database_url, tmp_path, hops,
                                                                          second_client):
    """With one trusted hop, two clients behind nginx get a bucket each;
    trusting none, everyone behind the proxy shares the proxy's bucket."""
    app = create_app(make_config(database_url, tmp_path, PROXY_FIX_HOPS=hops,
                                 LOGIN_ADDRESS_RATE_LIMIT="5 per 5 minutes"))
    with app.app_context():
        db.create_all()
    try:
        limit = int(app.config["LOGIN_ADDRESS_RATE_LIMIT"].split()[0])
        client = app.test_client()
        first = _failed_logins(client, {"X-Forwarded-For": "203.0.113.7"}, limit + 1)
        assert first == [200] * limit + [429]
        assert _failed_logins(client, {"X-Forwarded-For": "198.51.100.9"}, 1) == [second_client]
    finally:
        from jdih.extensions import limiter

        limiter.reset()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_hsts_behind_a_proxy_that_terminates_https(database_url, tmp_path):
    app = create_app(make_config(database_url, tmp_path, PROXY_FIX_HOPS=1))
    client = app.test_client()
    try:
        assert "Strict-Transport-Security" in client.get("/masuk", headers={"X-Forwarded-Proto": "https"}).headers
        assert "Strict-Transport-Security" not in client.get("/masuk").headers
    finally:  # the page's footer reads the database: close the pool's connection
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_every_request_logs_one_json_line_with_its_id(client, auth, users, caplog):
    auth.login(users["editor"])
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="jdih.request"):
        response = client.get("/staf/dokumen", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"
    [record] = [r for r in caplog.records if r.name == "jdih.request"]
    record_filter = RequestIdFilter()
    record_filter.filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "abc-123"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/staf/dokumen", 200)
    assert isinstance(line["duration_ms"], float)
    assert isinstance(line["user_id"], int)


@pytest.mark.parametrize("incoming", ['x" injected line', "", "a" * 200])
def test_an_unusable_request_id_is_replaced(client, incoming):
    response = client.get("/", headers={"X-Request-ID": incoming})
    assert response.headers["X-Request-ID"] != incoming
    assert len(response.headers["X-Request-ID"]) == 32


def test_lines_logged_inside_a_request_carry_its_id(app):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("jdih.test")
    logger.addHandler(handler)
    try:
        with app.test_request_context("/", headers={"X-Request-ID": "req-7"}):
            app.preprocess_request()
            logger.warning("something")
    finally:
        logger.removeHandler(handler)
    assert json.loads(stream.getvalue())["request_id"] == "req-7"
