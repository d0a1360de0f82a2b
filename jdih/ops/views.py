"""/admin/sistem: the state of the installation for admins (file fixity)."""
from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from jdih.accounts.access import admin_required
from jdih.extensions import db
from jdih.ops import fixity
from jdih.ops.models import FixityCheck

bp = Blueprint("ops", __name__)

#: Earlier checks listed under the latest one.
HISTORY = 10


@bp.route("/admin/sistem")
@admin_required
def system():
    history = db.session.scalars(select(FixityCheck).order_by(FixityCheck.started_at.desc(), FixityCheck.id.desc())
                                 .limit(HISTORY)).all()
    return render_template("ops/system.html", latest=history[0] if history else None, history=history,
                           labels={fixity.MISSING: "hilang", fixity.ALTERED: "berubah"})
