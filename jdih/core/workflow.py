"""Workflow transitions shared by every record that is drafted, published,
withdrawn, deleted and restored (documents, news): each record has
``state`` ("draft" / "published"), ``published_at``, ``is_deleted`` and
``updated_at``."""
from __future__ import annotations

from typing import Any

from jdih.core import audit
from jdih.core.errors import UserError
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


def publish(obj: Any, refused_when_deleted: UserError) -> None:
    """Publish; the first publication is dated. A deleted record is refused."""
    if obj.is_deleted:
        raise refused_when_deleted
    if obj.state != "published":
        obj.published_at = obj.published_at or utcnow()
    transition(obj, "publish", state="published")


def unpublish(obj: Any) -> None:
    transition(obj, "unpublish", state="draft")


def delete(obj: Any) -> None:
    """Soft delete: the record stays, hidden from everyone but staff."""
    transition(obj, "delete", is_deleted=True)


def restore(obj: Any) -> None:
    transition(obj, "restore", is_deleted=False)
