"""The worker's side of OCR: claim a queued file, read its pending pages
one at a time (each committed), finish it.

A file is claimed by a compare-and-set on its state, so two worker threads
never read the same file; a running file whose heartbeat stopped (its
worker died) is claimed again and continues at its next pending page.
"""
from __future__ import annotations

import logging
import time
from datetime import timedelta
from pathlib import Path
from typing import Optional

from flask import current_app
from sqlalchemy import func, or_, select, update

from jdih.catalogue.file_lifecycle import file_store
from jdih.catalogue.models import Attachment, AttachmentPage
from jdih.catalogue.operations import text_extracted
from jdih.core.timeutil import utcnow
from jdih.extensions import db
from jdih.ocr import detection, engine
from jdih.ocr.models import DONE, FAILED, PENDING, QUEUED, RUNNING, OcrFile, OcrPage
from jdih.ocr.operations import DELETED, GAVE_UP, MISSING_FILE, limits, reason_text

log = logging.getLogger(__name__)


def _claimable():
    stale_before = utcnow() - timedelta(seconds=float(current_app.config["OCR_STALE_SECONDS"]))
    return or_(OcrFile.state == QUEUED, (OcrFile.state == RUNNING) & (OcrFile.heartbeat_at < stale_before))


def _claim(attachment_id: int) -> bool:
    now = utcnow()
    result = db.session.execute(
        update(OcrFile).where(OcrFile.attachment_id == attachment_id, _claimable())
        .values(state=RUNNING, attempts=OcrFile.attempts + 1, heartbeat_at=now,
                started_at=func.coalesce(OcrFile.started_at, now)))
    db.session.commit()
    return result.rowcount == 1


def run_pending(slice_seconds: Optional[float] = None) -> tuple[int, bool]:
    """Read queued files until none is left or ``slice_seconds`` passed;
    returns (pages read, whether work is left for another run)."""
    deadline = None if slice_seconds is None else time.monotonic() + slice_seconds
    pages = 0
    while True:
        candidates = db.session.scalars(select(OcrFile.attachment_id).where(_claimable())
                                        .order_by(OcrFile.queued_at, OcrFile.attachment_id).limit(5)).all()
        db.session.rollback()
        if not candidates:
            return pages, False
        for attachment_id in candidates:
            if not _claim(attachment_id):
                continue
            read, finished = run_file(attachment_id, deadline)
            pages += read
            if not finished:
                return pages, True
        if deadline is not None and time.monotonic() >= deadline:
            left = db.session.scalar(select(OcrFile.attachment_id).where(_claimable()).limit(1))
            db.session.rollback()
            return pages, left is not None


def run_file(attachment_id: int, deadline: Optional[float] = None) -> tuple[int, bool]:
    """Read the claimed file's pending pages; returns (pages read, finished).
    Stopped by ``deadline``, the file goes back to the queue where it was."""
    attachment = db.session.get(Attachment, attachment_id)
    row = db.session.get(OcrFile, attachment_id)
    if attachment.is_deleted:  # removed while it waited: nobody will read it
        _fail(row, DELETED)
        return 0, True
    path = file_store().path_for(attachment.sha256)
    if not path.is_file():
        _fail(row, MISSING_FILE)
        return 0, True
    read = 0
    for page_no in db.session.scalars(select(OcrPage.page_no).where(
            OcrPage.attachment_id == attachment_id, OcrPage.state == PENDING).order_by(OcrPage.page_no)).all():
        if deadline is not None and read and time.monotonic() >= deadline:
            _publish(attachment_id)  # search shows what is read so far
            row.state = QUEUED  # the rest in a task of its own, behind what waits
            db.session.commit()
            return read, False
        refusal = _read_page(attachment, row, page_no, path)
        read += 1
        if refusal is not None and refusal.reason == engine.ENCRYPTED:
            _fail(row, reason_text(refusal))  # every page would say the same
            return read, True
    _finish(attachment, row)
    return read, True


def _read_page(attachment: Attachment, row: OcrFile, page_no: int, path: Path) -> Optional[engine.OcrRefused]:
    page = db.session.get(OcrPage, (attachment.id, page_no))
    if page.attempts >= int(current_app.config["OCR_PAGE_ATTEMPTS"]):
        _page_done(row, page, None, GAVE_UP)
        return None
    page.attempts += 1
    row.heartbeat_at = utcnow()
    db.session.commit()  # the attempt counts even if this page kills the worker
    try:
        result = engine.ocr_page(path, page_no, limits())
    except engine.OcrRefused as refusal:
        log.warning("OCR of attachment %s page %s refused: %s", attachment.id, page_no, refusal)
        _page_done(row, page, None, reason_text(refusal))
        return refusal
    _page_done(row, page, result, None)
    return None


def _page_done(row: OcrFile, page: OcrPage, result: Optional[engine.PageText], reason: Optional[str]) -> None:
    """Keep one page's outcome and its text, in one commit."""
    if result is None:
        page.state, page.reason = FAILED, reason
        row.pages_failed += 1
    else:
        page.state, page.confidence, page.reason, page.text = DONE, result.confidence, None, result.text
    row.pages_done += 1
    row.heartbeat_at = utcnow()
    db.session.commit()


def _publish(attachment_id: int) -> None:
    """Put the pages read so far into the attachment's page text (what
    search, citations and the structure read). Done when a run ends, not
    after every page: each change of a document's pages reindexes the
    whole document. Copying again changes nothing."""
    for page in db.session.scalars(select(OcrPage).where(OcrPage.attachment_id == attachment_id,
                                                         OcrPage.state == DONE)):
        stored = db.session.get(AttachmentPage, (attachment_id, page.page_no))
        # A few characters of text layer (a stamp) are kept when OCR finds no more.
        if stored is not None and detection.measure(page.text)[0] > detection.measure(page.layer_text)[0]:
            stored.text = page.text


def _finish(attachment: Attachment, row: OcrFile) -> None:
    _publish(attachment.id)
    pages = db.session.scalars(select(OcrPage).where(OcrPage.attachment_id == attachment.id)).all()
    read = [page for page in pages if page.state == DONE]
    confidences = [page.confidence for page in read if page.confidence is not None]
    row.confidence = round(sum(confidences) / len(confidences), 1) if confidences else None
    failed = [page for page in pages if page.state == FAILED]
    row.reason = (f"{len(failed)} halaman gagal (hlm. {failed[0].page_no}: {failed[0].reason})"
                  if failed else None)
    row.state = DONE if read or not pages else FAILED
    row.finished_at = utcnow()
    db.session.flush()
    if read:
        db.session.expire(attachment, ["pages"])
        text_extracted.send(attachment)  # the structure is parsed from the new text
    db.session.commit()


def _fail(row: OcrFile, reason: str) -> None:
    row.state, row.reason, row.finished_at = FAILED, reason, utcnow()
    db.session.execute(update(OcrPage).where(OcrPage.attachment_id == row.attachment_id,
                                             OcrPage.state == PENDING).values(state=FAILED, reason=reason))
    db.session.commit()
