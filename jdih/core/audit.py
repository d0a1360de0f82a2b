"""The audit log every area writes to: one row per change, never updated or
deleted. Callers add entries to the session and commit them with the change
itself.

The labels of every action any area records live here, as plain strings, so
the log can name them without importing the areas."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from flask_login import current_user
from sqlalchemy import JSON, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jdih.core.timeutil import utcnow
from jdih.extensions import db

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
    "worklist-dismiss": "Sitasi diabaikan dari daftar kerja",
    "relation_add": "Relasi ditambahkan",
    "relation_remove": "Relasi dihapus",
    "status_override": "Status ditetapkan staf",
    "revoke": "Dicabut",
    "structure-parse": "Struktur naskah diurai ulang",
    "structure-hide": "Struktur naskah ditandai tidak tersedia",
    "ocr-rerun": "OCR berkas dijalankan ulang",
}


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    #: Null for changes made by the CLI or the demo loader.
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))
    #: The account (jdih.accounts), named by string so audit depends on no area.
    user: Mapped[Optional["User"]] = relationship("User")  # noqa: F821
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


def _plain(value: Any) -> Any:
    """Turn a column value into something JSON can store faithfully."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value differs, as {field: [old, new]}."""
    changed = {}
    for field in sorted(set(old) | set(new)):
        before, after = _plain(old.get(field)), _plain(new.get(field))
        if before != after:
            changed[field] = [before, after]
    return changed


def _acting_user_id() -> Optional[int]:
    try:
        if current_user and current_user.is_authenticated:
            return current_user.id
    except RuntimeError:  # outside a request (CLI, demo loader)
        pass
    return None


def record(action: str, obj: Any, changes: Optional[dict[str, Any]] = None,
           *, label: Optional[str] = None, object_type: Optional[str] = None) -> AuditEntry:
    """Add an audit entry for ``obj`` to the session (flushes to get ids)."""
    if obj.id is None:
        db.session.flush()
    entry = AuditEntry(
        action=action,
        object_type=object_type or getattr(obj, "audit_type", type(obj).__name__.lower()),
        object_id=obj.id,
        object_label=(label or str(getattr(obj, "audit_label", obj)))[:500],
        changes=changes or {},
        user_id=_acting_user_id(),
    )
    db.session.add(entry)
    return entry
