"""Relations pages: staff add/remove relations and override status on the
document edit page; anyone who may read a document asks its status on a date.

The document page's card and the edit page's section are includes
(templates/relations/) fed by template globals registered here.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Optional

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from jdih.accounts.access import can_read, is_staff, staff_required
from jdih.core.http import wants_json
from jdih.catalogue import queries as catalogue_queries
from jdih.catalogue.models import IDENTIFIED_TYPES, Document
from jdih.extensions import db
from jdih.relations import operations, queries, related, suggestions
from jdih.relations.forms import RelationForm, StatusOverrideForm
from jdih.relations.models import Relation, StatusOverride

bp = Blueprint("relations", __name__)

# -- template globals ---------------------------------------------------------------

@bp.app_template_global("document_relations")
def document_relations(doc: Document) -> queries.DocumentRelations:
    return queries.document_relations(doc)


@bp.app_template_global("related_documents")
def related_documents(doc: Document) -> list[related.Related]:
    """The document page's "Dokumen terkait" (templates/relations/_related.html)."""
    return related.related_documents(doc)


@bp.app_template_global("current_status")
def current_status(doc: Document) -> Optional[str]:
    """The derived status a badge shows (Berlaku / Tidak Berlaku / ...).

    Lists show many documents: the first call of a request derives the status
    of every document already loaded in the session in one batch (two
    queries), later calls read the cache.
    """
    cache = g.setdefault("derived_status_cache", {})
    if doc.id not in cache:
        loaded = [obj for obj in db.session.identity_map.values()
                  if isinstance(obj, Document) and obj.id not in cache]
        if doc not in loaded:
            loaded.append(doc)
        cache.update({doc_id: status.status for doc_id, status in queries.derived_statuses(loaded).items()})
    return cache.get(doc.id)


@bp.app_template_global("relations_can_open")
def relations_can_open(ref: Any) -> bool:
    return queries.linkable(ref)


@bp.app_template_global("relations_edit")
def relations_edit(doc: Document) -> Optional[dict[str, Any]]:
    """What the edit page's relations section shows; None for untyped documents."""
    if doc.doc_type not in IDENTIFIED_TYPES or not is_staff():
        return None
    form = RelationForm()
    override = db.session.get(StatusOverride, doc.id)
    override_form = StatusOverrideForm(formdata=None, obj=override) if override else StatusOverrideForm(formdata=None)
    return {
        "relations": queries.all_facts(doc),
        "status": queries.derived_status(doc),
        "override": override,
        "form": form,
        "override_form": override_form,
        "error": getattr(g, "relations_error", None),
        "suggestions": suggestions.suggestions_for(doc, queries.jenis_index()) if doc.identity else [],
    }


# -- staff routes ----------------------------------------------------------------

def _edit_page(document_id: int):
    return redirect(url_for("catalogue_admin.edit_document", document_id=document_id))


def _refuse(doc: Document, message: str, status: int = 422):
    """Roll back, and show the edit page again with the message and the typed values."""
    from jdih.catalogue.admin_views import render_edit_with_status

    db.session.rollback()
    g.relations_error = message
    flash(message, "error")
    return render_edit_with_status(doc, status)


def _back_to(form: RelationForm, default: int) -> int:
    """The edit page to return to: a document id the form names, if it exists."""
    try:
        wanted = int(form.back_to.data or 0)
    except ValueError:
        return default
    return wanted if wanted and db.session.get(Document, wanted) is not None else default


@bp.route("/staf/dokumen/<int:document_id>/relasi", methods=["POST"])
@staff_required
def add_relation(document_id: int):
    doc = db.get_or_404(Document, document_id)
    form = RelationForm()
    if not form.validate_on_submit():
        message = " ".join(error for errors in form.errors.values() for error in errors)
        return _refuse(doc, f"Relasi tidak disimpan: {message}", 400)
    try:
        relation = operations.add_from_document(
            doc, form.direction.data, form.other.data, pasal=form.pasal.data,
            effective_date=form.effective_date.data, result=form.result.data or None,
            user_id=current_user.id)
    except operations.RelationError as error:
        return _refuse(doc, f"Relasi tidak disimpan: {error.message}")
    label, warning = relation.label, operations.uncatalogued_warning(relation)
    db.session.commit()
    flash(f"Relasi disimpan: {label}.", "success")
    if warning:
        flash(warning, "info")
    return _edit_page(_back_to(form, doc.id))


@bp.route("/staf/relasi/<int:relation_id>/hapus", methods=["POST"])
@staff_required
def remove_relation(relation_id: int):
    relation = db.get_or_404(Relation, relation_id)
    ends = [i for i in (relation.source_id, relation.target_id) if i is not None]
    wanted = request.form.get("back_to", type=int)
    back = wanted if wanted in ends else ends[0]
    label = relation.label
    operations.remove(relation)
    db.session.commit()
    flash(f"Relasi dihapus: {label}.", "success")
    return _edit_page(back)


@bp.route("/staf/dokumen/<int:document_id>/status", methods=["POST"])
@staff_required
def override_status(document_id: int):
    doc = db.get_or_404(Document, document_id)
    form = StatusOverrideForm()
    if not form.validate_on_submit():
        return _refuse(doc, "Status tidak disimpan: isian tidak valid.", 400)
    try:
        operations.set_override(doc, form.status.data or None, form.reason.data or "",
                                user_id=current_user.id)
    except operations.RelationError as error:
        return _refuse(doc, f"Status tidak disimpan: {error.message}")
    db.session.commit()
    flash("Status ditetapkan." if form.status.data else "Status kembali mengikuti relasi.", "success")
    return _edit_page(doc.id)


# -- public: status on a date --------------------------------------------------------

@bp.route("/dokumen/<slug>/status")
def status_on_date(slug: str):
    doc = catalogue_queries.get_readable_document(slug)
    current = queries.derived_status(doc)
    raw = (request.args.get("tanggal") or "").strip()
    day, answer, error = None, None, None
    if raw:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            error = "Tanggal tidak valid. Gunakan format TTTT-BB-HH, mis. 2016-06-01."
        else:
            answer = queries.status_on_date(doc, day)
    status_code = 400 if error else 200
    if wants_json():
        status = current.to_json()
        if not is_staff():
            status["sumber"] = None  # where a status comes from is for staff, as on the page
        body = {"dokumen": doc.identity, "status": status,
                "pada_tanggal": answer.to_json() if answer else None}
        if error:
            body = {"error": {"status": 400, "code": "bad_date", "message": error}}
        return jsonify(body), status_code
    amended = [f for f in queries.all_facts(doc) if not f.incoming and f.kind == "mengubah"]
    targets = _amended_targets_on(amended, day) if day else []
    return render_template("relations/status_on.html", doc=doc, current=current, day=day,
                           raw=raw, answer=answer, error=error, targets=targets), status_code


def _amended_targets_on(amended: list, day: date) -> list[tuple[Any, Any]]:
    """For an amending law: the version of each law it amends on ``day``."""
    found = []
    for fact in amended:
        if fact.other.id is None:
            continue
        target = db.session.get(Document, fact.other.id)
        if target is not None and can_read(target):
            found.append((fact.other, queries.status_on_date(target, day)))
    return found
