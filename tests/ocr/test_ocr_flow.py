"""A scan uploaded by staff is read by OCR (inline here: TASKS_IMMEDIATE)
and its text reaches search, the structure, relation suggestions and the
document page; staff see the state and can re-run it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from conftest import csrf_token_from
from jdih.catalogue.models import AttachmentPage, Document
from jdih.core.audit import AuditEntry
from jdih.extensions import db
from jdih.ocr.models import OcrFile, OcrPage
from jdih.reading.models import DocumentStructure
from ocr_support import attachment_id, make_regulation, ocr_config, requires_tesseract, staff_client, upload
from scans import REGULATION, scan_pdf, word_error_rate

pytestmark = requires_tesseract


@pytest.fixture(scope="module")
def scan() -> bytes:
    return scan_pdf(REGULATION)


@pytest.fixture
def app_config(database_url, tmp_path):
    return ocr_config(database_url, tmp_path)


def test_a_scan_is_read_and_its_text_used_everywhere(app, client, scan):
    doc_id = make_regulation(app)
    staff = staff_client(app)
    assert upload(staff, doc_id, scan).status_code == 302
    file_id = attachment_id(app, doc_id)
    with app.app_context():
        row = db.session.get(OcrFile, file_id)
        assert (row.state, row.pages_total, row.pages_done, row.pages_failed) == ("done", 2, 2, 0)
        assert row.confidence > 70
        texts = db.session.scalars(select(AttachmentPage.text).where(AttachmentPage.attachment_id == file_id)
                                   .order_by(AttachmentPage.page_no)).all()
        for expected, read in zip(REGULATION, texts):
            assert word_error_rate(expected, read) <= 0.1, read
        assert db.session.get(OcrPage, (file_id, 1)).layer_text == ""  # kept for a re-run
        structure = db.session.get(DocumentStructure, doc_id)
        assert structure.state == "ok", structure.error
        from jdih.relations.suggestions import document_texts

        doc = db.session.get(Document, doc_id)
        assert any("Rekapitulasi" in text or "REKAPITULASI" in text for _, text in document_texts(doc))
        slug = doc.slug

    found = client.get("/cari?q=rekapitulasi").get_data(as_text=True)
    assert "Keputusan uji pindaian" in found
    page = client.get(f"/dokumen/{slug}").get_data(as_text=True)
    assert "teks hasil OCR" in page and "Pasal 2" in page

    edit = staff.get(f"/staf/dokumen/{doc_id}").get_data(as_text=True)
    assert 'data-ocr-state="done"' in edit and "2/2 halaman" in edit

    # Staff re-run it: queued, read again (inline), audited.
    token = csrf_token_from(edit)
    response = staff.post(f"/staf/lampiran/{file_id}/ocr", data={"csrf_token": token})
    assert response.status_code == 302 and response.location.endswith(f"/staf/dokumen/{doc_id}#ocr")
    with app.app_context():
        row = db.session.get(OcrFile, file_id)
        assert (row.state, row.pages_done, row.attempts) == ("done", 2, 1)
        assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "ocr-rerun"))


def test_a_file_that_breaks_the_limits_fails_with_its_reason(app, client, scan):
    app.config["OCR_PAGE_MEMORY_MB"] = 40  # below what a page needs
    doc_id = make_regulation(app)
    staff = staff_client(app)
    assert upload(staff, doc_id, scan).status_code == 302  # the upload itself is not held up
    with app.app_context():
        row = db.session.get(OcrFile, attachment_id(app, doc_id))
        assert row.state == "failed" and "batas memori" in row.reason
        slug = db.session.get(Document, doc_id).slug
    edit = staff.get(f"/staf/dokumen/{doc_id}").get_data(as_text=True)
    assert 'data-ocr-state="failed"' in edit and "batas memori per halaman (40 MB)" in edit
    assert "Jalankan ulang OCR" in edit
    assert "teks hasil OCR" not in client.get(f"/dokumen/{slug}").get_data(as_text=True)


def test_a_pdf_with_a_text_layer_is_not_queued(app):
    from pdfs import make_pdf

    doc_id = make_regulation(app)
    staff = staff_client(app)
    text = "Pasal 1 Keputusan ini mulai berlaku pada tanggal ditetapkan oleh Ketua Komisi."
    assert upload(staff, doc_id, make_pdf([text])).status_code == 302
    with app.app_context():
        assert db.session.get(OcrFile, attachment_id(app, doc_id)) is None
    edit = staff.get(f"/staf/dokumen/{doc_id}").get_data(as_text=True)
    assert 'data-ocr-state="none"' in edit
    # A re-run has nothing to read and says so.
    response = staff.post(f"/staf/lampiran/{attachment_id(app, doc_id)}/ocr",
                          data={"csrf_token": csrf_token_from(edit)}, follow_redirects=True)
    assert "OCR tidak diperlukan" in response.get_data(as_text=True)
