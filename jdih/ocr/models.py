"""The OCR state of a PDF attachment and of each of its scanned pages.

The page rows are the worker's ledger: a page is committed as soon as it
is read, so a worker that dies half-way through a 500-page scan continues
at the next pending page, and a page that has killed its attempts too
often is given up instead of stopping the file forever.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jdih.core.timeutil import utcnow
from jdih.extensions import db

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
FILE_STATES = {QUEUED: "Dalam antrean", RUNNING: "Berjalan", DONE: "Selesai", FAILED: "Gagal"}
PENDING = "pending"
PAGE_STATES = {PENDING: "Menunggu", DONE: "Selesai", FAILED: "Gagal"}


class OcrFile(db.Model):
    __tablename__ = "ocr_file"

    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachment.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = mapped_column(String(20), default=QUEUED, index=True)
    #: Pages queued for OCR, and how many of them are finished (read or given up).
    pages_total: Mapped[int] = mapped_column(Integer, default=0)
    pages_done: Mapped[int] = mapped_column(Integer, default=0)
    pages_failed: Mapped[int] = mapped_column(Integer, default=0)
    #: Scanned pages beyond OCR_MAX_PAGES, left without text.
    pages_skipped: Mapped[int] = mapped_column(Integer, default=0)
    #: Mean word confidence (0-100) over the pages read.
    confidence: Mapped[Optional[float]] = mapped_column(Float)
    #: Why the file failed, or which pages did, for staff (Indonesian).
    reason: Mapped[Optional[str]] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    #: Moved on after every page: a running file whose heartbeat stopped lost its worker.
    heartbeat_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))

    @property
    def state_label(self) -> str:
        return FILE_STATES.get(self.state, self.state)


class OcrPage(db.Model):
    __tablename__ = "ocr_page"

    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachment.id", ondelete="CASCADE"), primary_key=True)
    page_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(20), default=PENDING)
    confidence: Mapped[Optional[float]] = mapped_column(Float)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[Optional[str]] = mapped_column(Text)
    #: The page's text layer before OCR, kept so that a re-run starts from it.
    layer_text: Mapped[str] = mapped_column(Text, default="")
    #: What OCR read; copied into the page text when a run ends (see worker._publish).
    text: Mapped[str] = mapped_column(Text, default="")
