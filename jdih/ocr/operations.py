"""Queueing scanned pages for OCR and reading them in the worker.

On upload (the catalogue's ``text_extracted`` signal, wired in jdih.app)
the pages without a usable text layer are queued: an ``ocr_file`` row and
one ``ocr_page`` row per page, in the upload's transaction. After its
commit the queue is asked to run (``set_requester``); the worker reads the
pages one by one, committing each (``jdih.ocr.worker``), and at the end of
each run puts their text into ``attachment_page``, so search (through the
outbox), citations, relation suggestions and the structure parse take it
as they take a text layer. When the file is finished ``text_extracted`` is
sent again: the structure is parsed from the new text.
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Optional

from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from jdih.catalogue.models import Attachment
from jdih.core import audit
from jdih.core.errors import UserError
from jdih.core.timeutil import utcnow
from jdih.extensions import db
from jdih.ocr import detection, engine
from jdih.ocr.models import PENDING, QUEUED, RUNNING, OcrFile, OcrPage

log = logging.getLogger(__name__)
REQUESTER = "jdih_ocr_request_run"
_REQUESTED = "ocr_requested"

REASONS = {
    engine.ENCRYPTED: "PDF terenkripsi (berkata sandi); OCR tidak dapat membacanya.",
    engine.UNREADABLE: "Halaman rusak atau tidak dapat dibaca.",
    engine.TOO_SLOW: "Melewati batas waktu per halaman ({seconds:g} detik).",
    engine.TOO_BIG: "Melewati batas memori per halaman ({memory} MB).",
    engine.NO_ENGINE: "Tesseract tidak terpasang di server.",
    engine.ENGINE_FAILED: "Tesseract gagal membaca halaman.",
}
GAVE_UP = "Pekerja berhenti berkali-kali pada halaman ini; halaman dilewati."
MISSING_FILE = "Berkas tersimpan tidak ditemukan."
DELETED = "Berkas dihapus sebelum dibaca."


class OcrError(UserError):
    """A refused staff action; ``message`` is for people (Indonesian)."""


def _config(name: str) -> Any:
    return current_app.config[name]


def thresholds() -> detection.Thresholds:
    return detection.Thresholds(min_chars=int(_config("OCR_MIN_CHARS")),
                                min_printable=float(_config("OCR_MIN_PRINTABLE")))


def limits() -> engine.Limits:
    return engine.Limits(dpi=float(_config("OCR_DPI")), max_pixels=int(_config("OCR_MAX_PIXELS")),
                         seconds=float(_config("OCR_PAGE_SECONDS")),
                         memory_mb=int(_config("OCR_PAGE_MEMORY_MB")), languages=_config("OCR_LANGUAGES"))


def reason_text(refusal: engine.OcrRefused) -> str:
    text = REASONS.get(refusal.reason, refusal.reason).format(
        seconds=float(_config("OCR_PAGE_SECONDS")), memory=int(_config("OCR_PAGE_MEMORY_MB")))
    return f"{text} {refusal.detail}".strip() if refusal.detail else text


# -- queueing ------------------------------------------------------------------

def queue(attachment: Attachment, page_nos: list[int]) -> Optional[OcrFile]:
    """Queue ``page_nos`` of ``attachment`` (in the caller's transaction);
    the worker is asked to run after the commit."""
    if not page_nos:
        return None
    limit = int(_config("OCR_MAX_PAGES"))
    taken, left_out = page_nos[:limit], page_nos[limit:]
    texts = {page.page_no: page.text or "" for page in attachment.pages}
    row = db.session.get(OcrFile, attachment.id) or OcrFile(attachment_id=attachment.id)
    existing = {page.page_no: page for page in db.session.scalars(
        select(OcrPage).where(OcrPage.attachment_id == attachment.id))}
    for page_no in taken:
        page = existing.get(page_no) or OcrPage(attachment_id=attachment.id, page_no=page_no,
                                                layer_text=texts.get(page_no, ""))
        page.state, page.confidence, page.reason, page.attempts, page.text = PENDING, None, None, 0, ""
        db.session.add(page)
    row.state, row.pages_total, row.pages_done, row.pages_failed = QUEUED, len(taken), 0, 0
    row.confidence, row.attempts, row.queued_at = None, 0, utcnow()
    row.started_at = row.heartbeat_at = row.finished_at = None
    row.pages_skipped, row.reason = len(left_out), None
    db.session.add(row)
    db.session.flush()
    db.session.info[_REQUESTED] = True
    return row


def on_text_extracted(attachment: Attachment, **_: Any) -> None:
    """Signal receiver: a new PDF's pages without a usable text layer are
    queued. A file OCR has already seen is left alone (its own finish sends
    the signal again; a re-run is a staff action)."""
    if not _config("OCR_ENABLED") or db.session.get(OcrFile, attachment.id) is not None:
        return
    pages = [(page.page_no, page.text or "") for page in attachment.pages]
    queue(attachment, detection.pages_needing_ocr(pages, thresholds()))


def rerun(attachment: Attachment) -> OcrFile:
    """Staff: read the file's scanned pages again (the ones read before, and
    any page that now has no usable text). Audited."""
    if not _config("OCR_ENABLED"):
        raise OcrError("OCR tidak diaktifkan di server ini.")
    if attachment.is_deleted or not attachment.is_pdf:
        raise OcrError("OCR hanya untuk berkas PDF yang tidak dihapus.")
    row = db.session.get(OcrFile, attachment.id)
    if row is not None and row.state in (QUEUED, RUNNING):
        raise OcrError("OCR berkas ini sedang dalam antrean atau berjalan.")
    known = {page.page_no: page for page in db.session.scalars(
        select(OcrPage).where(OcrPage.attachment_id == attachment.id))}
    for page in attachment.pages:  # back to the text layer: re-detection starts from it
        if page.page_no in known:
            page.text = known[page.page_no].layer_text
    detected = detection.pages_needing_ocr([(p.page_no, p.text or "") for p in attachment.pages], thresholds())
    page_nos = sorted(set(known) | set(detected))
    if not page_nos:
        raise OcrError("Setiap halaman berkas ini sudah memiliki lapisan teks; OCR tidak diperlukan.")
    before = row.state_label if row is not None else None
    row = queue(attachment, page_nos)
    audit.record("ocr-rerun", attachment.document, {"ocr": [before, f"{attachment.audit_label}: {row.state_label}"]})
    return row


# -- after the commit: ask the worker -------------------------------------------

def set_requester(app, requester: Optional[Callable[[], None]]) -> None:
    """Who runs queued OCR after a commit (create_app wires the task queue)."""
    app.extensions[REQUESTER] = requester


def _request_after_commit(session: Session) -> None:
    if session.info.pop(_REQUESTED, False) and has_app_context():
        requester = current_app.extensions.get(REQUESTER)
        if requester is None:
            return  # no queue: the files wait, queued, for a worker
        try:
            requester()
        except Exception:  # the queue is down: the periodic run finds the files
            log.exception("could not enqueue OCR; the queued files wait for the periodic run")


def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_REQUESTED, None)


def install() -> None:
    for name, listener in (("after_commit", _request_after_commit),
                           ("after_rollback", _forget_after_rollback)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
