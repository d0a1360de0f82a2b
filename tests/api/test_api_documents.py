"""/api/v1/documents: filters, cursor pagination, detail, error shape."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from api_helpers import make_document
from jdih.extensions import db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.get_json()["data"]]


@pytest.fixture
def catalogue(app):
    """A small catalogue covering every filter."""
    made = {
        "uu": make_document(app, "peraturan", jenis="UU", nomor="7", tahun=2017, judul="Pemilihan Umum",
                            status="Berlaku", subjects=["Pemilu", "KPU"]),
        "pkpu": make_document(app, "peraturan", jenis="PKPU", nomor="8", tahun=2024, judul="Tahapan",
                              status="Tidak Berlaku", subjects=["Pemilu"]),
        "mk": make_document(app, "putusan", jenis="MK", nomor="20/PHPU.BUP-XXIII/2025", tahun=2025,
                            judul="Perselisihan hasil", status_putusan="Berkekuatan hukum tetap",
                            subjects=["Sengketa"]),
        "buku": make_document(app, "monografi", tahun=2017, judul="Buku pemilu", subjects=["pemilu"]),
    }
    return made


def test_list_without_filters_returns_every_public_document(client, catalogue):
    assert sorted(ids(client.get("/api/v1/documents"))) == sorted(catalogue.values())


@pytest.mark.parametrize("query, expected", [
    ("type=peraturan", ["uu", "pkpu"]),
    ("type=putusan", ["mk"]),
    ("jenis=UU", ["uu"]),
    ("jenis=pkpu", ["pkpu"]),
    ("jenis=Putusan Mahkamah Konstitusi", ["mk"]),
    ("year=2017", ["uu", "buku"]),
    ("year=2017&type=monografi", ["buku"]),
    ("status=Berlaku", ["uu"]),
    ("status=tidak berlaku", ["pkpu"]),
    ("status=Berkekuatan hukum tetap", ["mk"]),
    ("subject=Pemilu", ["uu", "pkpu", "buku"]),
    ("subject=kpu", ["uu"]),
    ("subject=Tidak ada", []),
])
def test_filters(client, catalogue, query, expected):
    assert sorted(ids(client.get("/api/v1/documents?" + query))) == sorted(catalogue[k] for k in expected)


def test_jenis_by_id(app, client, catalogue):
    with app.app_context():
        from jdih.catalogue.models import Document

        jenis_id = db.session.get(Document, catalogue["mk"]).jenis_id
    assert ids(client.get(f"/api/v1/documents?jenis={jenis_id}")) == [catalogue["mk"]]


def test_updated_since(app, client, catalogue):
    from jdih.catalogue.models import Document

    old = datetime(2020, 1, 1, tzinfo=timezone.utc)
    with app.app_context():
        db.session.execute(update(Document).where(Document.id != catalogue["mk"]).values(updated_at=old))
        db.session.commit()
    assert ids(client.get("/api/v1/documents?updated_since=2021-01-01")) == [catalogue["mk"]]
    since = (old + timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    assert ids(client.get("/api/v1/documents?updated_since=" + since)) == [catalogue["mk"]]
    assert len(ids(client.get("/api/v1/documents?updated_since=2020-01-01T07:00:00%2B07:00"))) == 4
    assert len(ids(client.get("/api/v1/documents?updated_since=2019-12-31"))) == 4


@pytest.mark.parametrize("query", ["type=undang", "year=abc", "year=0", "limit=0", "limit=1000",
                                   "updated_since=kemarin", "cursor=!!!", "cursor=WzFd", "tahun=2017"])
def test_bad_parameters_are_400_in_the_error_shape(client, catalogue, query):
    response = client.get("/api/v1/documents?" + query)
    assert response.status_code == 400
    body = response.get_json()
    assert set(body) == {"error"} and body["error"]["status"] == 400
    assert body["error"]["code"] == "bad_parameter" and body["error"]["message"]


def test_cursor_pagination_survives_inserts(app, client):
    existing = {make_document(app, judul=f"Awal {n}", nomor=str(n)) for n in range(1, 12)}
    seen: list[int] = []
    url = "/api/v1/documents?limit=3"
    inserted = 0
    while url:
        body = client.get(url).get_json()
        seen += [item["id"] for item in body["data"]]
        # Another client adds records between our page fetches.
        make_document(app, judul=f"Sisipan {inserted}", nomor=f"{100 + inserted}")
        inserted += 1
        url = f"/api/v1/documents?limit=3&cursor={body['next_cursor']}" if body["next_cursor"] else None
        assert inserted < 40, "pagination does not end"
    assert len(seen) == len(set(seen)), "a record came twice"
    assert existing <= set(seen), "a record that existed at the start was skipped"


def test_cursor_pagination_is_stable_when_a_record_is_edited(app, client):
    from jdih.catalogue import operations
    from jdih.catalogue.models import Document

    existing = [make_document(app, judul=f"Dok {n}", nomor=str(n)) for n in range(1, 8)]
    first = client.get("/api/v1/documents?limit=3").get_json()
    with app.app_context():  # an unseen record changes: it moves behind the cursor, not lost
        operations.update_document(db.session.get(Document, existing[4]), {"judul": "Diubah"})
        db.session.commit()
    seen = [item["id"] for item in first["data"]]
    cursor = first["next_cursor"]
    while cursor:
        body = client.get(f"/api/v1/documents?limit=3&cursor={cursor}").get_json()
        seen += [item["id"] for item in body["data"]]
        cursor = body["next_cursor"]
    assert sorted(seen) == sorted(existing)


def test_detail_has_metadata_and_files(app, client, catalogue):
    import io

    from werkzeug.datastructures import FileStorage

    from jdih.catalogue import attachments
    from jdih.catalogue.models import Document
    from pdfs import make_pdf

    with app.app_context():
        doc = db.session.get(Document, catalogue["uu"])
        attachments.add_attachment(doc, FileStorage(io.BytesIO(make_pdf(["Pasal 1"])), "uu.pdf"), "naskah")
        db.session.commit()
    body = client.get("/api/v1/documents/uu-7-2017").get_json()
    assert body["identity"] == "UU 7/2017" and body["jenis"]["abbreviation"] == "UU"
    assert body["metadata"]["judul"] == "Pemilihan Umum" and body["metadata"]["status"] == "Berlaku"
    assert body["metadata"]["subjects"] == ["KPU", "Pemilu"]
    assert body["files"][0]["filename"] == "uu.pdf"
    download = client.get(body["files"][0]["url"].replace("http://localhost", ""))
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    download.close()
    assert body["url"] == "http://localhost/dokumen/uu-7-2017"


def test_unknown_document_and_route_and_method(client):
    for response, status in ((client.get("/api/v1/documents/tidak-ada"), 404),
                             (client.get("/api/v1/tidak-ada"), 404),
                             (client.post("/api/v1/documents"), 405)):
        assert response.status_code == status
        assert response.mimetype == "application/json"
        assert response.get_json()["error"]["status"] == status


def test_server_error_is_json(app, client, catalogue, monkeypatch):
    from jdih.api import serializers

    def broken(doc):
        raise RuntimeError("boom")

    monkeypatch.setattr(serializers, "document_summary", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/api/v1/documents")
    assert response.status_code == 500
    assert response.get_json()["error"]["status"] == 500
