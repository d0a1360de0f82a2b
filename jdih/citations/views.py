"""Citation pages: the alias table (admins) and the lookup endpoint for
machines. (The worklist of uncatalogued citations lives with news.)"""
from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from jdih.accounts.access import admin_required
from jdih.citations import extract
from jdih.citations.models import CitationAlias
from jdih.citations.resolve import delete_alias, resolve_for_reader, save_alias
from jdih.core.actions import apply
from jdih.errors import error_response
from jdih.extensions import csrf, db, limiter
from jdih.core.forms import choices

bp = Blueprint("citations", __name__)

CITATION_TYPES = ("UUD", "UU", "PERPPU", "PP", "PERPRES", "KEPPRES", "PERMEN", "PERDA", "PKPU", "KEPKPU",
                  "PERBAWASLU", "PERDKPP", "PUTUSAN_MK", "PUTUSAN_MA", "PUTUSAN_DKPP", "PUTUSAN_OTHER")
DEFAULT_LOOKUP_MAX_BYTES = 100 * 1024


class AliasForm(FlaskForm):
    citation_type = SelectField("Jenis sitasi", choices=choices((t, t) for t in CITATION_TYPES), default="UU")
    name = StringField("Nama", validators=[DataRequired("Nama wajib diisi."), Length(max=120)],
                       description="Nama seperti dikenali pengurai, mis. \u201cPemilu\u201d untuk \u201cUU Pemilu\u201d.")
    label = StringField("Label", validators=[Optional(), Length(max=200)])
    target_identity = StringField("Identitas tujuan", validators=[
        DataRequired("Identitas tujuan wajib diisi."), Length(max=200)],
        description="Mis. UU 7/2017.")


# -- aliases (admins) -------------------------------------------------------------

@bp.route("/staf/alias-sitasi")
@admin_required
def aliases():
    return _aliases_page(AliasForm())


def _aliases_page(form: AliasForm, status: int = 200):
    rows = db.session.scalars(select(CitationAlias).order_by(CitationAlias.citation_type, CitationAlias.name))
    return render_template("citations/aliases.html", aliases=list(rows), form=form), status


def _save(alias: CitationAlias | None):
    form = AliasForm()
    if not form.validate_on_submit():
        return _aliases_page(form, 400)
    if not apply(lambda: save_alias(alias, form.citation_type.data, form.name.data, form.label.data or "",
                                    form.target_identity.data),
                 success="Alias disimpan; sitasi yang memakai nama ini ditautkan ulang.",
                 form=form, field="name"):
        return _aliases_page(form, 422)
    return redirect(url_for("citations.aliases"))


@bp.route("/staf/alias-sitasi", methods=["POST"])
@admin_required
def add_alias():
    return _save(None)


@bp.route("/staf/alias-sitasi/<int:alias_id>", methods=["POST"])
@admin_required
def edit_alias(alias_id: int):
    return _save(db.get_or_404(CitationAlias, alias_id))


@bp.route("/staf/alias-sitasi/<int:alias_id>/hapus", methods=["POST"])
@admin_required
def remove_alias(alias_id: int):
    delete_alias(db.get_or_404(CitationAlias, alias_id))
    db.session.commit()
    flash("Alias dihapus.", "success")
    return redirect(url_for("citations.aliases"))


# -- lookup for machines ------------------------------------------------------------

def _lookup_limit() -> str:
    return current_app.config.get("CITATION_LOOKUP_RATE_LIMIT", "120 per minute")


def _request_text(max_bytes: int) -> tuple[str | None, Any]:
    """The text to look up, or (None, error response)."""
    if request.content_length is not None and request.content_length > max_bytes:
        return None, _too_large(max_bytes)
    raw = request.stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        return None, _too_large(max_bytes)
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, error_response(400, "Teks harus berenkode UTF-8.", "bad_encoding")
    if request.mimetype == "application/json":
        try:
            payload = json.loads(body)
        except ValueError:
            return None, error_response(400, "JSON tidak valid.", "bad_json")
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
            return None, error_response(400, 'Kirim objek JSON {"text": "..."} dengan teks berupa string.',
                                        "bad_request")
        return payload["text"], None
    if request.mimetype in ("text/plain", ""):
        return body, None
    return None, error_response(415, "Gunakan application/json atau text/plain.", "unsupported_media_type")


def _too_large(max_bytes: int):
    return error_response(413, f"Teks terlalu besar: batas {max_bytes} byte ({max_bytes // 1024} KB).",
                          "too_large")


def _document_json(document) -> dict[str, Any]:
    return {"identity": document.display_identity or None, "title": document.judul,
            "url": url_for("catalogue.detail", slug=document.slug, _external=True)}


def _citation_json(citation) -> dict[str, Any]:
    resolution = resolve_for_reader(citation, current_user)
    found = resolution.document
    return {**citation.to_json(), "status": resolution.status,
            "identity": resolution.identity,
            "document": _document_json(found) if found is not None else None,
            "candidates": [_document_json(doc) for doc in resolution.documents] if found is None else []}


@bp.route("/api/v1/citations/lookup", methods=["POST"])
@csrf.exempt
@limiter.limit(_lookup_limit)
def lookup():
    """Read-only: the citations of the posted text, resolved for the caller."""
    max_bytes = int(current_app.config.get("CITATION_LOOKUP_MAX_BYTES", DEFAULT_LOOKUP_MAX_BYTES))
    text, error = _request_text(max_bytes)
    if error is not None:
        return error
    return {"citations": [_citation_json(citation) for citation in extract(text)]}
