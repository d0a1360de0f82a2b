"""The page staff land on after logging in: their work, in counts and links."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from jdih.accounts.access import staff_required
from jdih.catalogue.models import DOC_TYPES
from jdih.workspace import queries

bp = Blueprint("workspace", __name__, url_prefix="/staf")


@bp.route("")
@staff_required
def index():
    return redirect(url_for("workspace.home"))


@bp.route("/ruang-kerja")
@staff_required
def home():
    user_id = current_user.id
    return render_template(
        "workspace/home.html", doc_types=DOC_TYPES,
        my_drafts=queries.my_drafts(user_id), all_drafts=queries.all_drafts(),
        without_file=queries.published_without_file(), pending=queries.pending_citation_links(),
        uncatalogued=queries.uncatalogued_citations(), changes=queries.colleagues_changes(user_id))
