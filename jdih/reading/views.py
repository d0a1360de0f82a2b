"""The reading view's template globals and the staff actions on a
document's structure (on the document edit page).

The document page (templates/catalogue/detail.html) includes
templates/reading/_document_text.html, fed by ``reading_view`` here.
"""
from __future__ import annotations

from typing import Optional

from flask import Blueprint, flash, redirect, url_for

from jdih.accounts.access import can_read, is_staff, staff_required
from jdih.catalogue.models import Document
from jdih.extensions import db
from jdih.reading import operations, queries, suggestions
from jdih.reading.models import STATE_OK, DocumentStructure

bp = Blueprint("reading", __name__)


@bp.app_template_global("reading_view")
def reading_view(doc: Document) -> Optional[queries.ReadingView]:
    """The structure to show on the document page, only to a reader who may
    read the document itself."""
    if not can_read(doc):
        return None
    return queries.reading_view(doc)


@bp.app_template_global("structure_staff")
def structure_staff(doc: Document) -> Optional[DocumentStructure | bool]:
    """For the edit page: the stored row, True when there is none yet, None
    when the section does not apply (not staff, not a regulation)."""
    if not is_staff() or doc.doc_type not in operations.PARSED_TYPES:
        return None
    return operations.structure_of(doc) or True


@bp.app_template_global("structure_suggestions")
def structure_suggestions(doc: Document) -> list:
    """For the edit page: relations the parsed structure states (Mengingat,
    Pasal I) that are not recorded yet; staff add each with one click."""
    if not is_staff() or doc.doc_type not in operations.PARSED_TYPES:
        return []
    row = operations.structure_of(doc)
    if row is None or row.state != STATE_OK:
        return []
    return suggestions.for_document(doc, row.suggested)


def _edit_page(document_id: int):
    return redirect(url_for("catalogue_admin.edit_document", document_id=document_id, _anchor="struktur"))


@bp.route("/staf/dokumen/<int:document_id>/struktur/urai", methods=["POST"])
@staff_required
def reparse(document_id: int):
    doc = db.get_or_404(Document, document_id)
    try:
        row = operations.reparse(doc)
    except operations.ReadingError as error:
        db.session.rollback()
        flash(f"Struktur tidak diurai: {error.message}", "error")
        return _edit_page(doc.id)
    db.session.commit()
    if row.state == STATE_OK:
        flash("Struktur naskah diurai ulang.", "success")
    else:
        flash(f"Struktur naskah gagal diurai: {row.error}", "error")
    return _edit_page(doc.id)


@bp.route("/staf/dokumen/<int:document_id>/struktur/tidak-tersedia", methods=["POST"])
@staff_required
def mark_unavailable(document_id: int):
    doc = db.get_or_404(Document, document_id)
    operations.mark_unavailable(doc)
    db.session.commit()
    flash("Struktur naskah ditandai tidak tersedia; pembaca tidak lagi melihatnya.", "success")
    return _edit_page(doc.id)
