"""With a real queue (not inline): an upload only queues its scan; the
worker's task reads it. Tesseract is stood in for (the wiring is tested)."""
from __future__ import annotations

import io
import uuid

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from conftest import make_config
from jdih import create_app
from jdih.catalogue import attachments, operations
from jdih.catalogue.models import AttachmentPage, Jenis
from jdih.catalogue.vocabulary import seed_vocabularies
from jdih.extensions import db
from jdih.ocr import engine, worker
from jdih.ocr.models import OcrFile
from jdih.tasks.queue import get_queue
from ocr_support import OCR_ON
from pdfs import make_pdf


@pytest.fixture
def qapp(database_url, tmp_path):
    """The queue in a SQLite file; no consumer runs."""
    app = create_app(make_config(database_url, tmp_path, TASKS_IMMEDIATE=False,
                                 TASK_QUEUE_NAME="ocr-" + uuid.uuid4().hex[:10], **OCR_ON))
    with app.app_context():
        db.create_all()
        seed_vocabularies()
        db.session.commit()
    yield app
    get_queue(app).huey.flush()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    from jdih.extensions import limiter
    from jdih.search.service import close_backends

    close_backends()
    limiter.reset()


def _upload_scan(app, pages: int) -> int:
    with app.test_request_context():
        jenis = db.session.scalar(select(Jenis).where(Jenis.abbreviation == "UU"))
        doc = operations.create_document("peraturan", {"jenis_id": jenis.id, "nomor": str(pages), "tahun": 2024,
                                                       "judul": "Pindaian antrean"})
        attachment = attachments.add_attachment(doc, FileStorage(io.BytesIO(make_pdf([""] * pages)), "s.pdf"),
                                                "lampiran")
        db.session.commit()
        return attachment.id


def _pending_names(app) -> list[str]:
    return [task.name for task in get_queue(app).huey.pending()]


def test_an_upload_queues_its_scan_and_the_worker_reads_it(qapp, monkeypatch):
    monkeypatch.setattr(worker.engine, "ocr_page", lambda path, page_no, limits: engine.PageText(
        f"Halaman {page_no} dibaca oleh pekerja latar dari berkas pindaian.", 88.0, 9))
    first = _upload_scan(qapp, 2)
    second = _upload_scan(qapp, 1)
    with qapp.app_context():
        assert [db.session.get(OcrFile, i).state for i in (first, second)] == ["queued", "queued"]
    assert _pending_names(qapp).count("ocr_run") == 1  # two uploads, one run queued

    huey = get_queue(qapp).huey
    task = next(task for task in huey.pending() if task.name == "ocr_run")
    assert huey.execute(task) == 3
    with qapp.app_context():
        assert [db.session.get(OcrFile, i).state for i in (first, second)] == ["done", "done"]
        text = db.session.scalar(select(AttachmentPage.text).where(AttachmentPage.attachment_id == first,
                                                                   AttachmentPage.page_no == 2))
        assert text.startswith("Halaman 2 dibaca")
