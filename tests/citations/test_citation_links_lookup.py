"""POST /api/v1/citations/lookup: citations of a text, each found, not
catalogued or ambiguous, for what the caller may see; JSON errors."""
from __future__ import annotations

import time

from sqlalchemy import event, select

from jdih.catalogue import operations
from jdih.catalogue.models import Jenis
from jdih.extensions import db

URL = "/api/v1/citations/lookup"
TEXT = ("Sesuai Pasal 167 ayat (2) UU Nomor 7 Tahun 2017, PKPU 19/2019, Permen Nomor 8 Tahun 2019 "
        "dan Peraturan KPU Nomor 8 Tahun 2024.")


def make_doc(app, abbreviation: str, nomor: str, tahun: int, judul: str, **values) -> None:
    with app.app_context():
        jenis = db.session.scalar(select(Jenis).where(Jenis.abbreviation == abbreviation))
        doc = operations.create_document(jenis.doc_type, {"jenis_id": jenis.id, "nomor": nomor, "tahun": tahun,
                                                          "judul": judul, **values})
        operations.publish(doc)
        db.session.commit()


def issue_token(app) -> str:
    from jdih.api import tokens

    with app.app_context():
        _, token = tokens.issue_token("Bawaslu")
        db.session.commit()
        return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def world(app) -> None:
    make_doc(app, "UU", "7", 2017, "Pemilihan Umum")
    make_doc(app, "PERMENKUMHAM", "8", 2019, "Kumham")
    make_doc(app, "PERMENDAGRI", "8", 2019, "Dagri")
    make_doc(app, "PKPU", "8", 2024, "Internal", visibility="internal")


def test_lookup_reports_each_citation(app, client):
    world(app)
    response = client.post(URL, json={"text": TEXT})  # no CSRF token: a machine endpoint
    assert response.status_code == 200
    citations = response.get_json()["citations"]
    uu, pkpu, permen, internal = citations
    assert {k: uu[k] for k in ("text", "type", "number", "year", "pinpoint", "status")} == {
        "text": "Pasal 167 ayat (2) UU Nomor 7 Tahun 2017", "type": "UU", "number": "7", "year": 2017,
        "pinpoint": "Pasal 167 ayat (2)", "status": "found"}
    assert TEXT[uu["start"]:uu["end"]] == uu["text"]
    assert uu["document"] == {"identity": "UU 7/2017", "title": "Pemilihan Umum",
                              "url": "http://localhost/dokumen/uu-7-2017"}
    assert pkpu["status"] == "not_catalogued" and pkpu["document"] is None and pkpu["identity"] == "PKPU 19/2019"
    assert permen["status"] == "ambiguous" and permen["document"] is None
    assert sorted(c["identity"] for c in permen["candidates"]) == ["PERMENDAGRI 8/2019", "PERMENKUMHAM 8/2019"]
    # An internal document is not revealed to an anonymous caller.
    assert internal["status"] == "not_catalogued" and internal["candidates"] == []


def test_callers_are_identified_by_bearer_token_not_session(app, client, auth, users):
    """The lookup is part of the API: who calls comes from the bearer token
    alone. A staff session cookie used to reveal internal documents here,
    which let any page a logged-in editor visited read them through the
    visitor's browser."""
    world(app)
    make_doc(app, "PKPU", "9", 2024, "Mitra", visibility="partner")
    text = {"text": "PKPU 9/2024 dan Peraturan KPU Nomor 8 Tahun 2024"}

    def statuses(**kwargs):
        response = client.post(URL, json=text, **kwargs)
        assert response.status_code == 200
        return [c["status"] for c in response.get_json()["citations"]]

    assert statuses() == ["not_catalogued", "not_catalogued"]
    auth.login(users["editor"])
    assert statuses() == ["not_catalogued", "not_catalogued"]  # the cookie is ignored
    token = issue_token(app)
    assert statuses(headers=bearer(token)) == ["found", "not_catalogued"]  # partner, not internal
    response = client.post(URL, json=text, headers=bearer("jdih_tidak-ada"))
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "invalid_token"


def test_lookup_is_rate_limited_per_token_or_address(app, client):
    app.config["CITATION_LOOKUP_RATE_LIMIT"] = "2 per minute"
    for _ in range(2):
        assert client.post(URL, json={"text": "UU 7/2017"}).status_code == 200
    response = client.post(URL, json={"text": "UU 7/2017"})
    assert response.status_code == 429 and response.get_json()["error"]["code"] == "rate_limited"
    token = issue_token(app)  # a token is counted on its own
    assert client.post(URL, json={"text": "UU 7/2017"}, headers=bearer(token)).status_code == 200


def _statements(app, client, text: str) -> int:
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.post(URL, json={"text": text}).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def test_each_distinct_identity_is_resolved_once(app, client):
    """100 KB of "UU 7/2017 " took a worker past its timeout (one query per
    citation); repeating a citation must cost no more queries."""
    world(app)
    text = "UU 7/2017, PKPU 19/2019, Permen Nomor 8 Tahun 2019 dan UU Pemilu. "
    assert _statements(app, client, text * 200) == _statements(app, client, text)
    response = client.post(URL, json={"text": text * 200})
    citations = response.get_json()["citations"]
    assert len(citations) == 800
    assert [c["status"] for c in citations[:4]] == ["found", "not_catalogued", "ambiguous", "not_catalogued"]
    assert citations[4:8] == [{**c, "start": c["start"] + len(text), "end": c["end"] + len(text)}
                              for c in citations[:4]]


def test_citations_per_request_are_capped(app, client):
    app.config["CITATION_LOOKUP_MAX_CITATIONS"] = 50
    assert client.post(URL, json={"text": "UU 7/2017 " * 50}).status_code == 200
    response = client.post(URL, json={"text": "UU 7/2017 " * 51})
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["code"] == "too_many_citations" and "51 sitasi" in error["message"] and "50" in error["message"]


def test_100_kb_of_citations_is_refused_quickly(app, client):
    started = time.perf_counter()
    response = client.post(URL, data=("UU 7/2017 " * 10240).encode(), content_type="text/plain")
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "too_many_citations"
    assert time.perf_counter() - started < 5


def test_deeply_nested_json_is_a_400(app, client):
    response = client.post(URL, data="[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_json"
    assert "terlalu dalam" in response.get_json()["error"]["message"]


def test_plain_text_bodies_are_accepted(app, client):
    world(app)
    response = client.post(URL, data="UU 7/2017".encode(), content_type="text/plain; charset=utf-8")
    assert response.status_code == 200
    assert response.get_json()["citations"][0]["status"] == "found"
    assert client.post(URL, json={"text": "tanpa sitasi"}).get_json() == {"citations": []}


def test_bad_input_gets_json_errors(app, client):
    cases = [
        (dict(data="{bukan json", content_type="application/json"), 400, "bad_json"),
        (dict(json={"teks": "UU 7/2017"}), 400, "bad_request"),
        (dict(json=["UU 7/2017"]), 400, "bad_request"),
        (dict(json={"text": 7}), 400, "bad_request"),
        (dict(data=b"\xff\xfe", content_type="text/plain"), 400, "bad_encoding"),
        (dict(data="<x/>", content_type="application/xml"), 415, "unsupported_media_type"),
    ]
    for kwargs, status, code in cases:
        response = client.post(URL, **kwargs)
        assert response.status_code == status, kwargs
        assert response.get_json()["error"]["code"] == code
        assert response.get_json()["error"]["message"]
    response = client.get(URL)
    assert response.status_code == 405 and "error" in response.get_json()


def test_input_size_is_limited(app, client):
    app.config["CITATION_LOOKUP_MAX_BYTES"] = 1000
    response = client.post(URL, json={"text": "UU 7/2017 " * 200})
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["code"] == "too_large" and "1000 byte" in error["message"]
    assert client.post(URL, json={"text": "UU 7/2017 " * 50}).status_code == 200


def test_default_limit_is_100_kb(app, client):
    response = client.post(URL, data="a" * (100 * 1024 + 1), content_type="text/plain")
    assert response.status_code == 413 and "102400 byte" in response.get_json()["error"]["message"]
    assert client.post(URL, data="a" * (100 * 1024), content_type="text/plain").status_code == 200
