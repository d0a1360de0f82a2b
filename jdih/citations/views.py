"""Citation pages: the alias table (admins). (The worklist of uncatalogued
citations lives with news; the lookup endpoint for machines with the API.)"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from jdih.accounts.access import admin_required
from jdih.citations.models import CitationAlias
from jdih.citations.resolve import delete_alias, save_alias
from jdih.core.actions import apply
from jdih.extensions import db
from jdih.core.forms import choices

bp = Blueprint("citations", __name__)

CITATION_TYPES = ("UUD", "UU", "PERPPU", "PP", "PERPRES", "KEPPRES", "PERMEN", "PERDA", "PKPU", "KEPKPU",
                  "PERBAWASLU", "PERDKPP", "PUTUSAN_MK", "PUTUSAN_MA", "PUTUSAN_DKPP", "PUTUSAN_OTHER")


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
