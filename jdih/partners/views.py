"""/mitra: documents shared with partners, newest first (partners and staff only)."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template
from sqlalchemy import Select

from jdih.accounts.access import role_required
from jdih.catalogue.models import VISIBILITY_PARTNER, Document
from jdih.catalogue.queries import may_filter_partner_only, visible_documents
from jdih.extensions import db

bp = Blueprint("partners", __name__)


def shared_with_partners() -> Select:
    """Published partner documents the reader may read, most recently published first."""
    return (visible_documents().where(Document.visibility == VISIBILITY_PARTNER)
            .order_by(Document.published_at.desc().nulls_last(), Document.id.desc()))


@bp.route("/mitra")
@role_required(may_filter_partner_only)
def shared():
    page = db.paginate(shared_with_partners(), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("partners/shared.html", page=page)
