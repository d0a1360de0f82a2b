"""Staff pages: the catalogue list, document forms, workflow, files, vocabularies.

Views parse the request, check access and call ``operations``; they commit
once at the end, or roll back so that a refused change leaves nothing.
"""
from __future__ import annotations

from typing import Callable

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import or_, select

from jdih.accounts.access import admin_required, staff_required
from jdih.accounts.views import safe_next
from jdih.catalogue import attachments as attachment_ops
from jdih.catalogue import bulk, operations, staff_queries, vocabulary
from jdih.catalogue.fields import fields_for
from jdih.catalogue.form_sections import sections_for
from jdih.catalogue.forms import AttachmentForm, fill_form_from, form_values, make_document_form
from jdih.catalogue.models import (
    DOC_TYPES, STATE_LABELS, VISIBILITY_LABELS, VOCABULARIES, Document, Jenis,
)
from jdih.catalogue.vocab_forms import CITATION_TYPES, JenisForm, TermForm
from jdih.core.actions import Outcome, apply
from jdih.core.versioning import StaleEdit, parse_version
from jdih.core.security import accepts_uploads
from jdih.extensions import db

bp = Blueprint("catalogue_admin", __name__, url_prefix="/staf")


def get_document_or_404(document_id: int) -> Document:
    return db.get_or_404(Document, document_id)


@bp.route("/dokumen")
@staff_required
def list_documents():
    query = select(Document).order_by(Document.updated_at.desc(), Document.id.desc())
    args = request.args
    if args.get("tipe") in DOC_TYPES:
        query = query.where(Document.doc_type == args["tipe"])
    if args.get("status") in STATE_LABELS:
        query = query.where(Document.state == args["status"])
    if args.get("visibilitas") in VISIBILITY_LABELS:
        query = query.where(Document.visibility == args["visibilitas"])
    query = query.where(Document.is_deleted.is_(args.get("dihapus") == "1"))
    if args.get("tahun", type=int):
        query = query.where(Document.tahun == args.get("tahun", type=int))
    if args.get("berkas") in ("ada", "tidak"):
        query = query.where(staff_queries.has_file() if args["berkas"] == "ada" else ~staff_queries.has_file())
    if args.get("pembuat") == "saya":
        query = query.where(staff_queries.created_by(current_user.id))
    text = (args.get("q") or "").strip()
    if text:
        pattern = f"%{text}%"
        query = query.where(or_(Document.judul.ilike(pattern), Document.identity.ilike(pattern),
                                Document.nomor.ilike(pattern)))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("catalogue/staff_list.html", page=page, doc_types=DOC_TYPES,
                           states=STATE_LABELS, visibilities=VISIBILITY_LABELS, bulk_actions=bulk.ACTIONS)


@bp.route("/dokumen/massal", methods=["POST"])
@staff_required
def bulk_change():
    """One workflow change for the documents ticked on the list; deleting asks
    for a confirmation first (a page that posts the same selection again)."""
    back = safe_next(request.form.get("kembali")) or url_for("catalogue_admin.list_documents")
    action_name = request.form.get("aksi", "")
    docs = bulk.selected(request.form.getlist("dokumen", type=int))
    if action_name not in bulk.ACTIONS:
        flash("Pilih tindakan untuk dokumen yang dicentang.", "error")
    elif not docs:
        flash("Centang minimal satu dokumen.", "error")
    elif action_name == "hapus" and request.form.get("konfirmasi") != "1":
        return render_template("catalogue/bulk_confirm.html", docs=docs, back=back)
    else:
        done = apply(lambda: bulk.apply_to(docs, action_name))
        if done:
            _report_bulk(done.value, bulk.ACTIONS[action_name])
    return redirect(back)


def _report_bulk(result: bulk.BulkResult, action: bulk.BulkAction) -> None:
    if result.changed:
        flash(f"{len(result.changed)} dokumen {action.done}.", "success")
    if result.unchanged:
        flash(f"{len(result.unchanged)} dokumen sudah dalam keadaan itu; tidak diubah.", "info")
    if result.refused:
        names = "; ".join(f"\u201c{(doc.display_identity or doc.judul)[:80]}\u201d ({reason})"
                          for doc, reason in result.refused)
        flash(f"{len(result.refused)} dokumen {action.not_done}: {names}.", "error")


def _duplicate_of(outcome: Outcome) -> Document | None:
    """The record a refused save clashes with, if the refusal was a duplicate."""
    if isinstance(outcome.error, operations.DuplicateIdentity):
        return db.session.get(Document, outcome.error.existing_id)
    return None


@bp.route("/dokumen/baru/<doc_type>", methods=["GET", "POST"])
@staff_required
def create_document(doc_type: str):
    if doc_type not in DOC_TYPES:
        abort(404)
    form = make_document_form(doc_type)
    duplicate = None
    if request.method == "GET":
        _prefill(form, doc_type)
    if form.validate_on_submit():
        saved = apply(lambda: operations.create_document(doc_type, form_values(form, doc_type)),
                      success="Dokumen disimpan sebagai draf.", form=form)
        if saved:
            return redirect(url_for("catalogue_admin.edit_document", document_id=saved.value.id))
        duplicate = _duplicate_of(saved)
    return render_template("catalogue/document_form.html", form=form, doc=None, doc_type=doc_type,
                           type_label=DOC_TYPES[doc_type], sections=sections_for(doc_type), duplicate=duplicate)


def _prefill(form, doc_type: str) -> None:
    """Fill simple fields from the query string (e.g. from a citation worklist)."""
    for field in fields_for(doc_type):
        value = request.args.get(field.name)
        if value and field.kind in ("text", "textarea", "year", "int"):
            getattr(form, field.name).process_data(value)
        elif value and field.kind == "jenis":
            jenis = db.session.scalar(select(Jenis).where(
                Jenis.doc_type == doc_type, or_(Jenis.abbreviation == value, Jenis.citation_type == value)))
            if jenis:
                form.jenis_id.data = jenis.id


@bp.route("/dokumen/<int:document_id>", methods=["GET", "POST"])
@staff_required
def edit_document(document_id: int):
    doc = get_document_or_404(document_id)
    form = make_document_form(doc.doc_type)
    duplicate, status = None, 200
    if request.method == "GET":
        fill_form_from(form, doc)
    if form.validate_on_submit():
        saved = apply(lambda: operations.update_document(doc, form_values(form, doc.doc_type),
                                                         parse_version(form.version.data)), form=form)
        if saved:
            flash("Perubahan disimpan." if saved.value else "Tidak ada perubahan.", "success")
            return redirect(url_for("catalogue_admin.edit_document", document_id=doc.id))
        duplicate = _duplicate_of(saved)
        if isinstance(saved.error, StaleEdit):
            # The person's input stays; saving again now builds on what is stored.
            form.version.data, status = doc.version, 409
    return render_template("catalogue/document_form.html", form=form, doc=doc, doc_type=doc.doc_type,
                           type_label=doc.type_label, sections=sections_for(doc.doc_type),
                           attachment_form=AttachmentForm(), duplicate=duplicate), status


WORKFLOW = {
    "terbitkan": (operations.publish_complete, "Dokumen diterbitkan."),
    "tarik": (operations.unpublish, "Dokumen ditarik menjadi draf."),
    "hapus": (operations.delete, "Dokumen dihapus. Anda dapat memulihkannya."),
    "pulihkan": (operations.restore, "Dokumen dipulihkan."),
}


@bp.route("/dokumen/<int:document_id>/<any(terbitkan, tarik, hapus, pulihkan):action>", methods=["POST"])
@staff_required
def workflow(document_id: int, action: str):
    doc = get_document_or_404(document_id)
    change, message = WORKFLOW[action]
    apply(lambda: change(doc), success=message)
    return redirect(url_for("catalogue_admin.edit_document", document_id=doc.id))


@bp.route("/dokumen/<int:document_id>/lampiran", methods=["POST"])
@accepts_uploads
@staff_required
def upload_attachment(document_id: int):
    doc = get_document_or_404(document_id)
    form = AttachmentForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash("Unggahan ditolak: " + " ".join(errors), "error")
        return render_edit_with_status(doc, 400)
    if not apply(lambda: attachment_ops.add_attachment(doc, form.file.data, form.role.data, form.title.data),
                 success="Berkas diunggah.", prefix="Unggahan ditolak: "):
        return render_edit_with_status(doc, 422)
    return redirect(url_for("catalogue_admin.edit_document", document_id=doc.id))


def render_edit_with_status(doc: Document, status: int):
    form = make_document_form(doc.doc_type)
    fill_form_from(form, doc)
    return render_template("catalogue/document_form.html", form=form, doc=doc, doc_type=doc.doc_type,
                           type_label=doc.type_label, sections=sections_for(doc.doc_type),
                           attachment_form=AttachmentForm()), status


@bp.route("/lampiran/<int:attachment_id>/hapus", methods=["POST"])
@staff_required
def remove_attachment(attachment_id: int):
    attachment = staff_queries.live_attachment_or_404(attachment_id)
    attachment_ops.remove_attachment(attachment)
    db.session.commit()
    flash("Lampiran dihapus.", "success")
    return redirect(url_for("catalogue_admin.edit_document", document_id=attachment.document_id))


# -- vocabularies (admins) ---------------------------------------------------

@bp.route("/kosakata", methods=["GET"])
@admin_required
def vocabularies():
    jenis = db.session.scalars(select(Jenis).order_by(Jenis.doc_type, Jenis.sort_order, Jenis.name)).all()
    terms = {name: vocabulary.term_choices(name) for name in VOCABULARIES}
    return render_template("catalogue/vocabularies.html", jenis=jenis, terms=terms,
                           doc_types=DOC_TYPES, vocabularies=VOCABULARIES, citation_types=CITATION_TYPES,
                           jenis_form=JenisForm(), term_form=TermForm())


def _submit_vocabulary(form, change: Callable[[], object], done: str):
    """Validate ``form``, apply ``change``, commit or roll back, and say how it
    went on the vocabularies page."""
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(errors), "error")
        return redirect(url_for("catalogue_admin.vocabularies"))
    apply(change, success=done)
    return redirect(url_for("catalogue_admin.vocabularies"))


@bp.route("/kosakata/jenis", methods=["POST"])
@admin_required
def add_jenis():
    form = JenisForm()
    return _submit_vocabulary(form, lambda: vocabulary.add_jenis(
        form.doc_type.data, form.name.data, form.abbreviation.data or "",
        form.citation_type.data or None), "Jenis ditambahkan.")


@bp.route("/kosakata/istilah", methods=["POST"])
@admin_required
def add_term():
    form = TermForm()
    return _submit_vocabulary(form, lambda: vocabulary.add_term(form.vocabulary.data, form.label.data),
                              "Istilah ditambahkan.")


@bp.route("/kosakata/jenis/<int:jenis_id>", methods=["POST"])
@admin_required
def edit_jenis(jenis_id: int):
    jenis = db.get_or_404(Jenis, jenis_id)
    form = JenisForm()
    form.doc_type.data = jenis.doc_type
    return _submit_vocabulary(form, lambda: vocabulary.update_jenis(
        jenis, form.name.data, form.abbreviation.data or "", form.citation_type.data or None),
        "Jenis diperbarui.")
