"""The staff worklist of documents cited in news but not catalogued yet.

It lives with news, not with the citation parser: the entries are news
citations, and the parser's area knows nothing of news.
"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from jdih.accounts.access import staff_required
from jdih.core.actions import apply
from jdih.news import citelinks
from jdih.news.forms import DismissForm

bp = Blueprint("news_citations", __name__)


@bp.route("/staf/sitasi-belum-dikatalog")
@staff_required
def worklist():
    return render_template("citations/worklist.html", entries=citelinks.uncatalogued(),
                           unnamed=citelinks.unnamed_aliases(), dismiss_form=DismissForm())


@bp.route("/staf/sitasi-belum-dikatalog/abaikan", methods=["POST"])
@staff_required
def dismiss():
    form = DismissForm()
    if form.validate_on_submit():
        identity = form.identity.data.strip()
        apply(lambda: citelinks.dismiss(identity),
              success=f"\u201c{identity}\u201d diabaikan: tidak lagi tampil di daftar ini.")
    else:
        flash("Sitasi tidak diabaikan: " + " ".join(e for errors in form.errors.values() for e in errors),
              "error")
    return redirect(url_for("news_citations.worklist"))
