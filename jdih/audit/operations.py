"""Writing audit entries; callers commit with the change itself."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from flask_login import current_user

from jdih.audit.models import AuditEntry
from jdih.extensions import db
from jdih.timeutil import utcnow


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


def transition(obj: Any, action: str, **values: Any) -> None:
    """Move a record through its workflow (publish, delete, ...), audited.

    Documents and news share this: set the workflow fields, touch
    ``updated_at`` and record old and new values. Nothing happens (and
    nothing is logged) when the fields already hold these values.
    """
    before = {name: getattr(obj, name) for name in values}
    if before == values:
        return
    for name, value in values.items():
        setattr(obj, name, value)
    obj.updated_at = utcnow()
    record(action, obj, diff(before, values))
