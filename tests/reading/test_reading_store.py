"""Storing a regulation's structure when its naskah PDF is uploaded, and the
reading view on the document page (HTTP)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from conftest import client_as
from jdih.catalogue.models import Document
from jdih.extensions import db
from jdih.reading.models import DocumentStructure
from reading_support import make_accounts, make_law, naskah_pdf


def structure(app, slug: str):
    with app.app_context():
        doc = db.session.scalar(select(Document).where(Document.slug == slug))
        row = db.session.get(DocumentStructure, doc.id)
        return (row.state, row.error, row.attachment_id) if row else None


def staff_upload(app, client, doc_id: int, data: bytes, role: str = "naskah"):
    from conftest import csrf_token_from

    token = csrf_token_from(client.get(f"/staf/dokumen/{doc_id}").get_data(as_text=True))
    return client.post(f"/staf/dokumen/{doc_id}/lampiran", data={
        "csrf_token": token, "role": role, "title": "", "file": (__import__("io").BytesIO(data), "naskah.pdf")},
        content_type="multipart/form-data")


@pytest.fixture
def users(app):
    make_accounts(app)


@pytest.fixture
def law(app):
    with app.test_request_context():
        doc = make_law()
        db.session.commit()
        return doc.slug


def test_upload_parses_and_the_page_reads_by_article(app, client, law):
    state, error, attachment_id = structure(app, law)
    assert (state, error) == ("ok", None)
    html = client.get(f"/dokumen/{law}").get_data(as_text=True)
    assert 'id="naskah"' in html and "reading.css" in html
    # Table of contents: BAB -> Pasal, linked to the anchors.
    toc = html[html.index('class="reading-toc"'):html.index('class="reading-body"')]
    assert toc.index('href="#bab-i"') < toc.index('href="#pasal-1"') < toc.index('href="#pasal-2"') \
        < toc.index('href="#bab-ii"') < toc.index('href="#pasal-3"')
    for anchor in ("pasal-2", "pasal-2-ayat-1", "pasal-2-ayat-2-huruf-b", "pasal-1-angka-2"):
        assert f'id="{anchor}"' in html
    # The Penjelasan of Pasal 2 one click away, under Pasal 2.
    pasal2 = html[html.index('id="pasal-2"'):html.index('id="pasal-3"')]
    assert "<summary>Penjelasan Pasal 2</summary>" in pasal2 and "PENJELASAN-KHUSUS-DUA" in pasal2
    # The PDF page each pasal came from.
    assert f"/berkas/{attachment_id}/naskah.pdf#page=2" in pasal2
    # Parsed text is escaped, never markup.
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_only_a_regulations_naskah_is_parsed(app, client):
    with app.test_request_context():
        lampiran = make_law("6", role="lampiran").slug
        ruling = make_law("7/PUU-XVIII", 2020, doc_type="putusan", abbreviation="MK",
                          judul="Pengujian").slug
        db.session.commit()
    assert structure(app, lampiran) is None and structure(app, ruling) is None
    assert 'id="naskah"' not in client.get(f"/dokumen/{lampiran}").get_data(as_text=True)


def test_a_text_without_pasal_is_recorded_as_failed(app, client):
    with app.test_request_context():
        slug = make_law("8", pdf=naskah_pdf(["Sekadar surat tanpa pasal.", "Halaman kedua."])).slug
        db.session.commit()
    state, error, _ = structure(app, slug)
    assert state == "failed" and "pasal" in error
    assert 'id="naskah"' not in client.get(f"/dokumen/{slug}").get_data(as_text=True)


def test_a_parser_failure_keeps_the_upload_and_records_failed(app, users, monkeypatch):
    from jdih.reading import operations

    def broken(pages):
        raise RuntimeError("pengurai rusak")

    with app.test_request_context():
        doc = make_law("9", role=None)
        db.session.commit()
        doc_id, slug = doc.id, doc.slug
    monkeypatch.setattr(operations, "parse", broken)
    staff = client_as(app, "editor")
    response = staff_upload(app, staff, doc_id, naskah_pdf())
    assert response.status_code == 302
    with app.app_context():
        assert len([a for a in db.session.get(Document, doc_id).attachments if not a.is_deleted]) == 1
    state, error, _ = structure(app, slug)
    assert state == "failed" and "pengurai rusak" in error
    page = staff.get(f"/staf/dokumen/{doc_id}").get_data(as_text=True)
    assert 'data-structure-state="failed"' in page and "pengurai rusak" in page
    assert 'id="naskah"' not in staff.get(f"/dokumen/{slug}").get_data(as_text=True)


def test_an_internal_documents_text_never_reaches_readers(app, users):
    with app.test_request_context():
        slug = make_law("10", visibility="internal").slug
        db.session.commit()
    for role in ("anonymous", "partner"):
        client = client_as(app, role)
        assert client.get(f"/dokumen/{slug}").status_code == 404
        response = client.get(f"/api/v1/documents/{slug}/struktur")
        assert response.status_code == 404 and "PENJELASAN-KHUSUS-DUA" not in response.get_data(as_text=True)
    assert "PENJELASAN-KHUSUS-DUA" in client_as(app, "editor").get(f"/dokumen/{slug}").get_data(as_text=True)


def test_a_deleted_naskah_takes_its_reading_view_with_it(app, client, users, law):
    _, _, attachment_id = structure(app, law)
    staff = client_as(app, "editor")
    with app.app_context():
        doc_id = db.session.scalar(select(Document.id).where(Document.slug == law))
    from conftest import csrf_token_from

    token = csrf_token_from(staff.get(f"/staf/dokumen/{doc_id}").get_data(as_text=True))
    assert staff.post(f"/staf/lampiran/{attachment_id}/hapus", data={"csrf_token": token}).status_code == 302
    assert 'id="naskah"' not in client.get(f"/dokumen/{law}").get_data(as_text=True)
    assert client.get(f"/api/v1/documents/{law}/struktur").status_code == 404
