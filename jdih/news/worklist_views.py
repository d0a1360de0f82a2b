"""The staff worklist of documents cited in news but not catalogued yet.

It lives with news, not with the citation parser: the entries are news
citations, and the parser's area knows nothing of news.
"""
from __future__ import annotations

from flask import Blueprint, render_template

from jdih.accounts.access import staff_required
from jdih.news import citelinks

bp = Blueprint("news_citations", __name__)


@bp.route("/staf/sitasi-belum-dikatalog")
@staff_required
def worklist():
    return render_template("citations/worklist.html", entries=citelinks.uncatalogued(),
                           unnamed=citelinks.unnamed_aliases())
