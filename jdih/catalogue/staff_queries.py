"""Conditions the staff pages share (the staff list and the workspace)."""
from __future__ import annotations

from typing import Any

from flask import abort
from sqlalchemy import select

from jdih.catalogue.models import Attachment, Document
from jdih.core.audit import AuditEntry
from jdih.extensions import db


def live_attachment_or_404(attachment_id: int) -> Attachment:
    """The attachment a staff action names, or 404 when it is unknown or removed."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.is_deleted:
        abort(404)
    return attachment


def has_file() -> Any:
    """True for a document with at least one live attachment."""
    return select(Attachment.id).where(Attachment.document_id == Document.id,
                                       Attachment.is_deleted.is_(False)).exists()


def created_by(user_id: int) -> Any:
    """True for the documents whose creation the audit log credits to ``user_id``
    (documents keep no author column: the log already knows)."""
    return Document.id.in_(select(AuditEntry.object_id).where(
        AuditEntry.object_type == "document", AuditEntry.action == "create", AuditEntry.user_id == user_id))
