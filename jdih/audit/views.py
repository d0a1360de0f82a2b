"""The audit log, readable by admins."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, render_template, request
from sqlalchemy import select

from jdih.accounts.access import admin_required
from jdih.accounts.models import User
from jdih.audit.filters import AREAS, SYSTEM, LogFilter
from jdih.audit.labels import FIELD_LABELS, shown_value
from jdih.core.audit import ACTION_LABELS, AuditEntry
from jdih.extensions import db

bp = Blueprint("audit", __name__)

OBJECT_LABELS = {"document": "Dokumen", "attachment": "Lampiran", "user": "Pengguna",
                 "jenis": "Jenis", "term": "Kosakata", "worklist": "Daftar sitasi belum dikatalog",
                 "news": "Berita", "news_photo": "Foto berita", "api_token": "Token API",
                 "citation_alias": "Alias sitasi", "relation": "Relasi",
                 "search_synonym": "Kosakata pencarian"}


@bp.route("/admin/audit")
@admin_required
def log():
    chosen = LogFilter.from_args(request.args)
    for problem in chosen.problems:
        flash(problem, "error")
    query = chosen.apply(select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()),
                         current_app.config.get("TIMEZONE"))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"] * 2, error_out=False)
    users = db.session.scalars(select(User).order_by(User.email)).all()
    return render_template("audit/log.html", page=page, actions=ACTION_LABELS, objects=OBJECT_LABELS,
                           areas={key: label for key, (label, _) in AREAS.items()}, users=users,
                           system=SYSTEM, chosen=chosen, field_labels=FIELD_LABELS, shown_value=shown_value)
