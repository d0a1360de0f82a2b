"""Audit entries: one row per change, never updated or deleted."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jdih.accounts.models import User
from jdih.extensions import db
from jdih.timeutil import utcnow

ACTION_LABELS = {
    "create": "Dibuat",
    "edit": "Diubah",
    "publish": "Diterbitkan",
    "unpublish": "Ditarik dari publikasi",
    "delete": "Dihapus",
    "restore": "Dipulihkan",
    "attach": "Lampiran ditambahkan",
    "detach": "Lampiran dihapus",
    "citation-confirm": "Sitasi dikonfirmasi",
    "citation-reject": "Sitasi ditolak",
    "citation-reset": "Keputusan sitasi dibatalkan",
    "citation-link": "Sitasi ditautkan manual",
}


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    #: Null for changes made by the CLI or the demo loader.
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))
    user: Mapped[Optional[User]] = relationship()
    action: Mapped[str] = mapped_column(String(20))
    #: What was changed: "document", "attachment", "user", "jenis", ...
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int]
    #: Human-readable name of the object at the time of the change.
    object_label: Mapped[str] = mapped_column(String(500), default="")
    #: {field: [old, new]} for every field the change touched.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} {self.object_type}:{self.object_id}>"
