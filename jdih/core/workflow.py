"""Workflow transitions shared by every record that is drafted, published,
withdrawn, deleted and restored (documents, news)."""
from __future__ import annotations

from typing import Any

from jdih.core import audit
from jdih.core.timeutil import utcnow


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
    audit.record(action, obj, audit.diff(before, values))
