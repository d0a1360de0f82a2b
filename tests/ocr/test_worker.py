"""The worker's bookkeeping with a stand-in for Tesseract (fast): a worker
that dies mid-file is resumed at the next page, a page that keeps killing
it is given up, a long file hands its thread back between slices."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from jdih.catalogue.models import AttachmentPage
from jdih.core.timeutil import utcnow
from jdih.extensions import db
from jdih.ocr import engine, operations, worker
from jdih.ocr.models import OcrFile, OcrPage
from ocr_support import attachment_id, make_regulation, ocr_config, staff_client, upload
from pdfs import make_pdf


class WorkerDied(BaseException):
    """What the worker's death looks like from inside: nothing catches it."""


class FakeEngine:
    def __init__(self, dies_on: dict[int, int] | None = None):
        self.calls: list[int] = []
        self.dies_on = dict(dies_on or {})  # page -> how many more times it kills the worker

    def __call__(self, path, page_no, limits):
        self.calls.append(page_no)
        if self.dies_on.get(page_no, 0) > 0:
            self.dies_on[page_no] -= 1
            raise WorkerDied()
        return engine.PageText(f"Halaman {page_no}: teks hasil bacaan mesin dari pindaian yang cukup panjang.",
                               90.0 + page_no, 10)


@pytest.fixture
def app_config(database_url, tmp_path):
    return ocr_config(database_url, tmp_path, OCR_PAGE_ATTEMPTS=2)


@pytest.fixture
def queued_file(app):
    """A three-page scan queued while no worker runs."""
    app.extensions[operations.REQUESTER] = None
    doc_id = make_regulation(app)
    assert upload(staff_client(app), doc_id, make_pdf(["", "", ""])).status_code == 302
    file_id = attachment_id(app, doc_id)
    with app.app_context():
        assert db.session.get(OcrFile, file_id).state == "queued"
    return file_id


def _worker_died_long_ago(app, file_id):
    with app.app_context():
        db.session.execute(update(OcrFile).where(OcrFile.attachment_id == file_id)
                           .values(heartbeat_at=utcnow() - timedelta(hours=1)))
        db.session.commit()


def _run(app, slice_seconds=None):
    with app.app_context():
        return worker.run_pending(slice_seconds)


def test_a_worker_that_dies_mid_file_is_resumed_at_the_next_page(app, queued_file, monkeypatch):
    fake = FakeEngine(dies_on={2: 1})
    monkeypatch.setattr(worker.engine, "ocr_page", fake)
    with pytest.raises(WorkerDied):
        _run(app)
    with app.app_context():
        assert db.session.get(OcrFile, queued_file).state == "running"
        assert db.session.get(OcrPage, (queued_file, 1)).state == "done"
    assert _run(app) == (0, False)  # its heartbeat is fresh: nobody takes it over yet
    _worker_died_long_ago(app, queued_file)
    assert _run(app) == (2, False)
    assert fake.calls == [1, 2, 2, 3]  # page 1 was not read again
    with app.app_context():
        row = db.session.get(OcrFile, queued_file)
        assert (row.state, row.pages_done, row.pages_failed, row.attempts) == ("done", 3, 0, 2)
        assert row.confidence == pytest.approx(92.0)
        assert row.started_at is not None and row.finished_at is not None
        texts = db.session.scalars(select(AttachmentPage.text).where(
            AttachmentPage.attachment_id == queued_file).order_by(AttachmentPage.page_no)).all()
        assert [text.split(":")[0] for text in texts] == ["Halaman 1", "Halaman 2", "Halaman 3"]


def test_a_page_that_keeps_killing_the_worker_is_given_up(app, queued_file, monkeypatch):
    fake = FakeEngine(dies_on={2: 99})
    monkeypatch.setattr(worker.engine, "ocr_page", fake)
    for _ in range(2):  # OCR_PAGE_ATTEMPTS
        with pytest.raises(WorkerDied):
            _run(app)
        _worker_died_long_ago(app, queued_file)
    _run(app)
    assert fake.calls == [1, 2, 2, 3]
    with app.app_context():
        row = db.session.get(OcrFile, queued_file)
        assert (row.state, row.pages_done, row.pages_failed) == ("done", 3, 1)
        assert "hlm. 2" in row.reason and "dilewati" in row.reason
        assert db.session.get(OcrPage, (queued_file, 2)).state == "failed"


def test_a_long_file_hands_its_thread_back_between_slices(app, queued_file, monkeypatch):
    fake = FakeEngine()
    monkeypatch.setattr(worker.engine, "ocr_page", fake)
    assert _run(app, slice_seconds=0) == (1, True)  # at least a page per run, then back to the queue
    with app.app_context():
        row = db.session.get(OcrFile, queued_file)
        assert (row.state, row.pages_done) == ("queued", 1)
        texts = db.session.scalars(select(AttachmentPage.text).where(
            AttachmentPage.attachment_id == queued_file).order_by(AttachmentPage.page_no)).all()
        assert texts[0].startswith("Halaman 1") and texts[1:] == ["", ""]  # what is read is searchable
    assert _run(app, slice_seconds=0) == (1, True)
    assert _run(app, slice_seconds=0) == (1, False)
    assert fake.calls == [1, 2, 3]


def test_pages_beyond_the_limit_are_left_out_and_said(app, monkeypatch):
    app.config["OCR_MAX_PAGES"] = 2
    monkeypatch.setattr(worker.engine, "ocr_page", FakeEngine())
    doc_id = make_regulation(app)
    staff = staff_client(app)
    assert upload(staff, doc_id, make_pdf(["", "", ""])).status_code == 302
    with app.app_context():
        row = db.session.get(OcrFile, attachment_id(app, doc_id))
        assert (row.state, row.pages_total, row.pages_skipped) == ("done", 2, 1)
    assert "1 halaman melewati batas 2 halaman" in staff.get(f"/staf/dokumen/{doc_id}").get_data(as_text=True)


def test_a_file_removed_while_queued_is_not_read(app, queued_file, monkeypatch):
    fake = FakeEngine()
    monkeypatch.setattr(worker.engine, "ocr_page", fake)
    with app.test_request_context():
        from jdih.catalogue import attachments
        from jdih.catalogue.models import Attachment

        attachments.remove_attachment(db.session.get(Attachment, queued_file))
        db.session.commit()
    assert _run(app) == (0, False) and fake.calls == []
    with app.app_context():
        row = db.session.get(OcrFile, queued_file)
        assert (row.state, row.reason) == ("failed", "Berkas dihapus sebelum dibaca.")
