"""The audit log, readable by admins."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from sqlalchemy import select

from jdih.accounts.access import admin_required
from jdih.audit.models import ACTION_LABELS, AuditEntry
from jdih.extensions import db

bp = Blueprint("audit", __name__)


@bp.route("/admin/audit")
@admin_required
def log():
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    object_type = request.args.get("objek")
    if object_type:
        query = query.where(AuditEntry.object_type == object_type)
    object_id = request.args.get("id", type=int)
    if object_id is not None:
        query = query.where(AuditEntry.object_id == object_id)
    action = request.args.get("aksi")
    if action in ACTION_LABELS:
        query = query.where(AuditEntry.action == action)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"] * 2, error_out=False)
    return render_template("audit/log.html", page=page, actions=ACTION_LABELS)
