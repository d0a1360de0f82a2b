"""Relations between documents (mencabut, mengubah, ...) and status overrides.

One row per relation, stored in the direction the law acts: the *source*
revokes, amends, implements, enacts or reviews the *target*. The reverse
("dicabut dengan", "diubah dengan", ...) is read from the same row, so
entering one side shows on both documents.

Either end may be a document not yet catalogued: it is then known only by
its canonical identity ("UU 42/2008") and links itself when a document with
that identity is created (see ``operations.link_pending``).
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jdih.catalogue.models import Document
from jdih.extensions import db
from jdih.core.timeutil import utcnow

#: kind -> (active label, reverse label), in the order forms list them.
KINDS: dict[str, tuple[str, str]] = {
    "mencabut": ("mencabut", "dicabut dengan"),
    "mengubah": ("mengubah", "diubah dengan"),
    "melaksanakan": ("melaksanakan", "dilaksanakan dengan"),
    "menetapkan": ("menetapkan", "ditetapkan dengan"),
    "menguji": ("menguji", "diuji dengan"),
    #: The source names the target in its Mengingat: its legal basis ("dasar hukum").
    "mengingat": ("mengingat", "menjadi dasar hukum bagi"),
}
#: Kinds in which the source supersedes the target (it is always the later
#: act), so no chain of them may lead back to where it started.
SUCCESSION_KINDS = ("mencabut", "mengubah", "menetapkan")

#: Results of a judicial review (only for "menguji").
RESULTS: dict[str, str] = {
    "dikabulkan_seluruhnya": "dikabulkan seluruhnya",
    "dikabulkan_sebagian": "dikabulkan sebagian",
    "ditolak": "ditolak",
    "tidak_dapat_diterima": "tidak dapat diterima",
}
#: Results that annul (part of) the reviewed document.
GRANTED_RESULTS = ("dikabulkan_seluruhnya", "dikabulkan_sebagian")

STATUS_BERLAKU = "Berlaku"
STATUS_TIDAK_BERLAKU = "Tidak Berlaku"
STATUS_BERLAKU_SEBAGIAN = "Berlaku Sebagian"
#: The values of ``Document.status`` and of an override.
STATUSES = (STATUS_BERLAKU, STATUS_BERLAKU_SEBAGIAN, STATUS_TIDAK_BERLAKU)


class Relation(db.Model):
    """Source document --kind--> target document (or identity)."""

    __tablename__ = "document_relation"
    __table_args__ = (
        CheckConstraint("source_id IS NOT NULL OR target_id IS NOT NULL", name="one_end_catalogued"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: One of ``KINDS``.
    kind: Mapped[str] = mapped_column(String(20))
    #: The acting document; null while it is not catalogued.
    source_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True)
    source: Mapped[Optional[Document]] = relationship(foreign_keys=[source_id])
    #: The source's normalised identity; kept in step with the document's.
    source_identity: Mapped[str] = mapped_column(String(200), index=True)
    #: The document acted upon; null while it is not catalogued.
    target_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True)
    target: Mapped[Optional[Document]] = relationship(foreign_keys=[target_id])
    #: The target's normalised identity; kept in step with the document's.
    target_identity: Mapped[str] = mapped_column(String(200), index=True)
    #: Articles concerned ("Pasal 169 huruf q, Pasal 222"), free text.
    pasal: Mapped[Optional[str]] = mapped_column(Text)
    #: When the relation takes effect; null means "from the source's date".
    effective_date: Mapped[Optional[date]] = mapped_column(Date)
    #: Judicial review result (``RESULTS``), only for "menguji".
    result: Mapped[Optional[str]] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))

    audit_type = "relation"

    @property
    def label(self) -> str:
        return f"{self.source_identity} {KINDS[self.kind][0]} {self.target_identity}"

    @property
    def audit_label(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"<Relation {self.id} {self.label}>"


class StatusOverride(db.Model):
    """A status set by staff over the derived one, with the reason why."""

    __tablename__ = "status_override"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    #: One of ``STATUSES``.
    status: Mapped[str] = mapped_column(String(40))
    #: Why the derived status is wrong; shown to staff, required.
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))

    def __repr__(self) -> str:
        return f"<StatusOverride {self.document_id} {self.status}>"
