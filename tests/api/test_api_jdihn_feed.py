"""The JDIHN harvest feed: schema-valid for every demo document, paged,
public only, and cheap to revalidate."""
from __future__ import annotations

import io
import json

import pytest
from jsonschema import Draft7Validator, FormatChecker

from conftest import TEST_DATA_DIR
from jdih.extensions import db
from pdfs import make_pdf

# BPHN's schema, vendored with its source named in tests/data/README.md.
SCHEMA_PATH = TEST_DATA_DIR / "jdihn-document-schema.json"


@pytest.fixture
def validator() -> Draft7Validator:
    checker = FormatChecker(["date", "date-time", "uri"])
    # Without the optional format libraries jsonschema silently skips these.
    assert {"date", "date-time", "uri"} <= set(checker.checkers)
    return Draft7Validator(json.loads(SCHEMA_PATH.read_text()), format_checker=checker)


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output


def feed(client, query=""):
    response = client.get("/integrasi/jdihn" + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def test_every_demo_document_is_valid(app, client, demo, validator):
    items = feed(client)
    with app.app_context():
        from jdih.catalogue.models import Document

        # The demo's partner-only and internal documents stay out of the feed.
        published = db.session.query(Document).filter_by(state="published", visibility="public").count()
    assert len(items) == published > 30
    for item in items:
        errors = sorted(validator.iter_errors(item), key=str)
        assert not errors, (item["idData"], [e.message for e in errors])
        assert all(isinstance(value, str) for value in item.values())
        assert item["operasi"] == "4" and item["display"] == "1"
        assert item["urlDetailPeraturan"].startswith("http://localhost/dokumen/")
    assert len({item["idData"] for item in items}) == len(items)


def test_mapping_of_a_regulation_and_a_ruling(client, demo):
    items = feed(client)
    uu = next(item for item in items if item["singkatanJenis"] == "UU" and item["noPeraturan"] == "7"
              and item["tahun_pengundangan"] == "2017")
    assert uu["jenis"] == "UNDANG-UNDANG"
    assert uu["tanggal_penetapan"] == "2017-08-15" and uu["tanggal_pengundangan"] == "2017-08-16"
    # The page's status (reviewed by MK 90/PUU-XXI/2023), not the recorded "Berlaku".
    assert uu["status"] == "Berlaku Sebagian" and uu["bidangHukum"] == "Hukum Tata Negara"
    assert "Pemilihan Umum" in uu["subjek"]
    # The demo's generated sample PDF is the file the feed offers.
    assert uu["fileDownload"] == "uu-7-2017.pdf"
    assert uu["urlDownload"].startswith("http://localhost/dokumen/uu-7-2017/berkas/")
    ruling = next(item for item in items if item["jenis"] == "PUTUSAN MAHKAMAH KONSTITUSI")
    assert "/" in ruling["noPeraturan"] and ruling["singkatanJenis"] == "MK"
    constitution = next(item for item in items if item["singkatanJenis"] == "UUD")
    assert constitution["noPeraturan"] == "-"
    assert constitution["tahun_pengundangan"] == "1945"


def _make(app, doc_type, values, *, publish=True, visibility="public", pdf=False):
    from werkzeug.datastructures import FileStorage

    from jdih.catalogue import attachments, operations
    from jdih.catalogue.vocabulary import jenis_choices

    with app.app_context():
        values = dict(values, visibility=visibility)
        values.setdefault("jenis_id", jenis_choices(doc_type)[0].id)
        doc = operations.create_document(doc_type, values)
        if pdf:
            attachments.add_attachment(doc, FileStorage(io.BytesIO(make_pdf(["Isi"])), "naskah.pdf"),
                                       "naskah")
        if publish:
            operations.publish(doc)
        db.session.commit()
        return doc.id


def test_monograph_fields_and_first_pdf(app, client, validator):
    doc_id = _make(app, "monografi", {
        "judul": "Hukum Pemilu <Indonesia> & \"Praktik\"", "tahun": 2021, "penerbit": "KPU Press",
        "nomor_panggil": "342.07 KPU h", "deskripsi_fisik": "xi, 25 hlm. ; 21 cm.",
        "isbn": "978-602-0000-00-0", "teu_badan": "Indonesia. Komisi Pemilihan Umum",
        "nomor_induk_buku": "B-0001"}, pdf=True)
    item = next(i for i in feed(client) if i["idData"] == str(doc_id))
    assert not list(validator.iter_errors(item))
    assert item["jenis"] == "BUKU HUKUM"
    assert (item["noPanggil"], item["penerbit"], item["deskripsiFisik"], item["isbn"],
            item["teuBadan"], item["nomorIndukBuku"]) == (
        "342.07 KPU h", "KPU Press", "xi, 25 hlm. ; 21 cm.", "978-602-0000-00-0",
        "Indonesia. Komisi Pemilihan Umum", "B-0001")
    assert item["fileDownload"] == "naskah.pdf"
    assert item["urlDownload"].startswith("http://localhost/dokumen/") and "/berkas/" in item["urlDownload"]
    assert item["tanggal_penetapan"] == "2021-01-01"  # the year is all we know
    assert item["judul"] == "Hukum Pemilu <Indonesia> & \"Praktik\""


def test_only_published_public_undeleted_documents(app, client):
    public = _make(app, "peraturan", {"judul": "Publik", "tahun": 2020, "nomor": "1"})
    _make(app, "peraturan", {"judul": "Draf", "tahun": 2020, "nomor": "2"}, publish=False)
    _make(app, "peraturan", {"judul": "Mitra", "tahun": 2020, "nomor": "3"}, visibility="partner")
    _make(app, "peraturan", {"judul": "Internal", "tahun": 2020, "nomor": "4"}, visibility="internal")
    deleted = _make(app, "peraturan", {"judul": "Dihapus", "tahun": 2020, "nomor": "5"})
    with app.app_context():
        from jdih.catalogue import operations
        from jdih.catalogue.models import Document

        operations.delete(db.session.get(Document, deleted))
        db.session.commit()
    items = feed(client)
    assert [item["idData"] for item in items] == [str(public)]
    # Without a file, the feed points at the detail page.
    assert items[0]["fileDownload"] == "-" and items[0]["urlDownload"] == items[0]["urlDetailPeraturan"]


def test_page_and_limit(app, client, demo):
    everything = feed(client)
    first = feed(client, "?page=1&limit=10")
    second = feed(client, "?page=2&limit=10")
    assert first == everything[:10] and second == everything[10:20]
    assert feed(client, "?page=999&limit=10") == []
    assert feed(client, "?limit=5") == everything[:5]


@pytest.mark.parametrize("query", ["?page=0", "?limit=abc", "?limit=-1", "?limit=100000",
                                   "?page=1.5", "?halaman=2"])
def test_bad_parameters_get_json_400(client, query):
    response = client.get("/integrasi/jdihn" + query, headers={"Accept": "text/html"})
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["status"] == 400 and error["code"] == "bad_parameter" and error["message"]


def test_revalidation_answers_304_until_something_changes(app, client, demo):
    first = client.get("/integrasi/jdihn")
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag and last_modified
    again = client.get("/integrasi/jdihn", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get("/integrasi/jdihn", headers={"If-Modified-Since": last_modified}).status_code == 304
    paged = client.get("/integrasi/jdihn?page=1&limit=5", headers={"If-None-Match": etag})
    assert paged.status_code == 200  # another page is another representation

    _make(app, "peraturan", {"judul": "Baru", "tahun": 2025, "nomor": "99"})
    changed = client.get("/integrasi/jdihn", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert len(changed.get_json()) == len(first.get_json()) + 1


def test_withdrawing_a_document_changes_the_etag(app, client, demo):
    etag = client.get("/integrasi/jdihn").headers["ETag"]
    with app.app_context():
        from sqlalchemy import select

        from jdih.catalogue import operations
        from jdih.catalogue.models import Document

        doc = db.session.scalars(select(Document).where(Document.state == "published")).first()
        operations.unpublish(doc)
        db.session.commit()
    assert client.get("/integrasi/jdihn", headers={"If-None-Match": etag}).status_code == 200
