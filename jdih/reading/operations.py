"""Parsing a document's main text into its structure and storing it.

The relations the structure states (Mengingat, an amendment's Pasal I) are
read with it and kept for staff to confirm (reading.suggestions).

The parse runs where the text is extracted (an upload of a "naskah" PDF,
through the catalogue's ``text_extracted`` signal wired in jdih.app), in
the same transaction: it is pure Python over text already in memory
(thousands of pages a second). A parser defect never refuses the upload:
the row records state "failed" and the reason, and the document stays as
it was. A staff mark "unavailable" is kept by later uploads; only a staff
reparse lifts it.
"""
from __future__ import annotations

import logging
from typing import Any, Optional

from sqlalchemy import select

from jdih.catalogue.models import Attachment, Document
from jdih.core import audit
from jdih.core.errors import UserError
from jdih.core.timeutil import utcnow
from jdih.extensions import db
from jdih.reading import pasal_index, suggestions
from jdih.reading.models import (
    STATE_FAILED, STATE_OK, STATE_UNAVAILABLE, DocumentStructure,
)
from jdih.structure import PARSER_VERSION, parse

log = logging.getLogger(__name__)

MAIN_ROLE = "naskah"
#: Only regulations are written in BAB / Pasal; rulings and monographs are not.
PARSED_TYPES = ("peraturan",)
NO_PASAL = "Tidak ada pasal yang dikenali dalam naskah."


class ReadingError(UserError):
    """A refused staff action; ``message`` is for people (Indonesian)."""


def main_text(doc: Document) -> Optional[Attachment]:
    """The document's newest naskah PDF that is not deleted, or None."""
    return db.session.scalar(
        select(Attachment).where(Attachment.document_id == doc.id, Attachment.role == MAIN_ROLE,
                                 Attachment.is_deleted.is_(False), Attachment.page_count.is_not(None))
        .order_by(Attachment.id.desc()).limit(1))


def parse_attachment(attachment: Attachment) -> tuple[str, Optional[dict[str, Any]], Optional[str]]:
    """(state, tree, error) of the attachment's stored page texts."""
    pages = [(page.page_no, page.text or "") for page in attachment.pages]
    try:
        document = parse(pages)
    except Exception as error:  # noqa: BLE001 - any parser defect is recorded, never raised
        log.exception("structure parse failed for attachment %s", attachment.id)
        return STATE_FAILED, None, f"{type(error).__name__}: {error}"[:2000]
    if not document.pasal():
        return STATE_FAILED, None, NO_PASAL
    return STATE_OK, document.to_dict(), None


def store(doc: Document, attachment: Attachment) -> DocumentStructure:
    """Parse ``attachment`` and keep its tree as the structure of ``doc``."""
    row = db.session.get(DocumentStructure, doc.id) or DocumentStructure(document_id=doc.id)
    row.state, row.tree, row.error = parse_attachment(attachment)
    row.pasal_labels = pasal_index.labels_text(row.tree)
    row.suggested = _suggested(doc, row.tree)
    row.attachment_id = attachment.id
    row.parser_version = PARSER_VERSION
    row.parsed_at = utcnow()
    db.session.add(row)
    db.session.flush()
    return row


def _suggested(doc: Document, tree: Optional[dict[str, Any]]) -> Optional[list[dict[str, str]]]:
    """The relations the tree states (Mengingat, Pasal I), kept for staff to
    confirm; a defect here never refuses the upload either."""
    if not tree:
        return None
    try:
        return suggestions.found_in(tree, suggestions.identify_with_catalogue(), doc.identity)
    except Exception:  # noqa: BLE001 - suggestions are a help, never a reason to fail
        log.exception("structure suggestions failed for document %s", doc.id)
        return None


def on_text_extracted(attachment: Attachment, **_: Any) -> None:
    """Signal receiver: a new naskah PDF of a regulation is parsed at once."""
    doc = attachment.document
    if attachment.role != MAIN_ROLE or doc is None or doc.doc_type not in PARSED_TYPES:
        return
    existing = db.session.get(DocumentStructure, doc.id)
    if existing is not None and existing.state == STATE_UNAVAILABLE:
        return
    store(doc, attachment)


def reparse(doc: Document) -> DocumentStructure:
    """Parse the document's main text again (staff or CLI); audited."""
    if doc.doc_type not in PARSED_TYPES:
        raise ReadingError("Struktur hanya diurai untuk peraturan perundang-undangan.")
    attachment = main_text(doc)
    if attachment is None:
        raise ReadingError("Dokumen ini belum memiliki berkas naskah PDF.")
    before = _state_of(doc)
    row = store(doc, attachment)
    audit.record("structure-parse", doc, {"struktur": [before, row.state_label]})
    return row


def mark_unavailable(doc: Document) -> DocumentStructure:
    """Staff: the parsed structure is not fit to show; hide it until a reparse."""
    before = _state_of(doc)
    row = db.session.get(DocumentStructure, doc.id) or DocumentStructure(document_id=doc.id)
    row.state, row.tree, row.error = STATE_UNAVAILABLE, None, None
    row.pasal_labels = row.suggested = None
    row.parser_version = PARSER_VERSION
    row.parsed_at = utcnow()
    db.session.add(row)
    db.session.flush()
    audit.record("structure-hide", doc, {"struktur": [before, row.state_label]})
    return row


def _state_of(doc: Document) -> Optional[str]:
    row = db.session.get(DocumentStructure, doc.id)
    return row.state_label if row is not None else None


def structure_of(doc: Document) -> Optional[DocumentStructure]:
    return db.session.get(DocumentStructure, doc.id)


def shown_tree(doc: Document) -> Optional[tuple[dict[str, Any], Attachment]]:
    """The tree a reader may be shown with the attachment it came from: only
    a parse that succeeded, of a naskah still attached. The caller checks
    that the reader may read ``doc``."""
    row = db.session.get(DocumentStructure, doc.id)
    if row is None or row.state != STATE_OK or not row.tree or row.attachment_id is None:
        return None
    attachment = db.session.get(Attachment, row.attachment_id)
    if attachment is None or attachment.is_deleted or attachment.document_id != doc.id:
        return None
    return row.tree, attachment


def reparse_all(batch: int = 50) -> tuple[int, int]:
    """Parse every regulation with a naskah PDF again, committing in batches
    (staff marks are kept); returns (parsed, failed)."""
    ids = db.session.scalars(select(Document.id).where(Document.doc_type.in_(PARSED_TYPES))
                             .order_by(Document.id)).all()
    parsed = failed = 0
    for number, doc_id in enumerate(ids, start=1):
        doc = db.session.get(Document, doc_id)
        existing = db.session.get(DocumentStructure, doc_id)
        attachment = main_text(doc)
        if attachment is None or (existing is not None and existing.state == STATE_UNAVAILABLE):
            continue
        row = store(doc, attachment)
        parsed += row.state == STATE_OK
        failed += row.state == STATE_FAILED
        if number % batch == 0:
            db.session.commit()
    db.session.commit()
    return parsed, failed
