"""/staf/kosakata/pencarian: the synonym and abbreviation list of search (staff)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from jdih.accounts.access import staff_required
from jdih.core.actions import apply
from jdih.extensions import db
from jdih.search import synonyms
from jdih.search.synonyms import SearchSynonym

bp = Blueprint("search_vocabulary", __name__)


class SynonymForm(FlaskForm):
    term = StringField("Istilah", validators=[
        DataRequired("Istilah wajib diisi."), Length(max=synonyms.MAX_TERM_CHARS)],
        description="Kata atau singkatan yang diketik orang, mis. \u201cpaslon\u201d (paling banyak 3 kata).")
    formal = StringField("Padanan", validators=[
        DataRequired("Padanan wajib diisi."), Length(max=synonyms.MAX_FORMAL_CHARS)],
        description="Istilah resmi dalam dokumen, dipisah koma, mis. \u201cpasangan calon\u201d.")


def _page(form: SynonymForm, status: int = 200):
    rows = db.session.scalars(select(SearchSynonym).order_by(SearchSynonym.term))
    return render_template("search/vocabulary.html", entries=list(rows), form=form), status


@bp.route("/staf/kosakata/pencarian")
@staff_required
def vocabulary():
    return _page(SynonymForm())


def _save(entry: SearchSynonym | None):
    form = SynonymForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    if not apply(lambda: synonyms.save(entry, form.term.data, form.formal.data),
                 success="Padanan disimpan; berlaku untuk pencarian berikutnya.", form=form,
                 field="term"):
        return _page(form, 422)
    return redirect(url_for("search_vocabulary.vocabulary"))


@bp.route("/staf/kosakata/pencarian", methods=["POST"])
@staff_required
def add_synonym():
    return _save(None)


@bp.route("/staf/kosakata/pencarian/<int:entry_id>", methods=["POST"])
@staff_required
def edit_synonym(entry_id: int):
    return _save(db.get_or_404(SearchSynonym, entry_id))


@bp.route("/staf/kosakata/pencarian/<int:entry_id>/hapus", methods=["POST"])
@staff_required
def remove_synonym(entry_id: int):
    synonyms.delete(db.get_or_404(SearchSynonym, entry_id))
    db.session.commit()
    flash("Padanan dihapus.", "success")
    return redirect(url_for("search_vocabulary.vocabulary"))
