"""OCR on the pages: the staff section of the document edit page (state
per PDF, re-run) and the note "teks hasil OCR" on the document page.

templates/catalogue/document_form.html includes templates/ocr/_edit_section.html,
templates/catalogue/detail.html includes templates/ocr/_document_note.html.
"""
from __future__ import annotations

from typing import Optional

from flask import Blueprint, flash, redirect, url_for
from sqlalchemy import select

from jdih.accounts.access import can_read, is_staff, staff_required
from jdih.catalogue.models import Attachment, Document
from jdih.catalogue.staff_queries import live_attachment_or_404
from jdih.extensions import db
from jdih.ocr import operations
from jdih.ocr.models import DONE, OcrFile

bp = Blueprint("ocr", __name__)


def _states(doc: Document) -> list[tuple[Attachment, Optional[OcrFile]]]:
    pdfs = [a for a in doc.attachments if a.is_pdf and not a.is_deleted]
    rows = {row.attachment_id: row for row in db.session.scalars(
        select(OcrFile).where(OcrFile.attachment_id.in_([a.id for a in pdfs])))} if pdfs else {}
    return [(a, rows.get(a.id)) for a in pdfs]


@bp.app_template_global("ocr_staff")
def ocr_staff(doc: Document) -> Optional[list[tuple[Attachment, Optional[OcrFile]]]]:
    """For the edit page: every PDF with its OCR row (None: not needed so
    far); None when the viewer is not staff."""
    if not is_staff():
        return None
    return _states(doc)


@bp.app_template_global("ocr_notes")
def ocr_notes(doc: Document) -> list[tuple[Attachment, OcrFile]]:
    """For the document page: the files whose text came from OCR, only to
    a reader who may read the document itself."""
    if not can_read(doc):
        return []
    return [(a, row) for a, row in _states(doc) if row is not None and row.state == DONE
            and row.pages_done > row.pages_failed]


@bp.route("/staf/lampiran/<int:attachment_id>/ocr", methods=["POST"])
@staff_required
def rerun(attachment_id: int):
    attachment = live_attachment_or_404(attachment_id)
    document_id = attachment.document_id
    try:
        operations.rerun(attachment)
    except operations.OcrError as error:
        db.session.rollback()
        flash(f"OCR tidak dijalankan: {error.message}", "error")
    else:
        db.session.commit()
        flash("OCR berkas dimasukkan ke antrean; muat ulang halaman ini untuk melihat kemajuannya.", "success")
    return redirect(url_for("catalogue_admin.edit_document", document_id=document_id, _anchor="ocr"))
