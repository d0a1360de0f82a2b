"""The stored structure of a document's main text (its "naskah" PDF)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jdih.core.timeutil import utcnow
from jdih.extensions import db

STATE_OK = "ok"
STATE_FAILED = "failed"
#: Staff said the parse is not fit to show; only a staff reparse undoes it.
STATE_UNAVAILABLE = "unavailable"
STATE_LABELS = {STATE_OK: "Terurai", STATE_FAILED: "Gagal diurai",
                STATE_UNAVAILABLE: "Ditandai tidak tersedia oleh staf"}


class DocumentStructure(db.Model):
    """One row per document: the tree of its newest naskah PDF, if any."""

    __tablename__ = "document_structure"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    #: The naskah attachment parsed; null when staff marked a document without one.
    attachment_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("attachment.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(20), default=STATE_OK)
    #: ``Document.to_dict()`` of jdih.structure; null unless state is ok.
    tree: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    parser_version: Mapped[str] = mapped_column(String(20), default="")
    #: The body's own pasal numbers between spaces (" 1 2 10A 169 "), so a
    #: pasal:169 search finds the documents that have it without their trees.
    pasal_labels: Mapped[Optional[str]] = mapped_column(Text)
    #: Relations the structure states (Mengingat, an amendment's Pasal I),
    #: as found at parse time; staff confirm them (reading.suggestions).
    suggested: Mapped[Optional[list[dict[str, Any]]]] = mapped_column(JSON)
    #: Why a parse failed (the exception's class and message), for staff.
    error: Mapped[Optional[str]] = mapped_column(Text)
    parsed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)
