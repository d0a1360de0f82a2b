"""The audit log, readable by admins."""
from __future__ import annotations

import re
from datetime import date, datetime

from flask import Blueprint, current_app, render_template, request
from sqlalchemy import select

from jdih.accounts.access import admin_required
from jdih.core.audit import ACTION_LABELS, AuditEntry
from jdih.core.timeutil import format_day, format_time
from jdih.accounts.models import ROLE_LABELS
from jdih.catalogue.fields import FIELDS_BY_TYPE
from jdih.catalogue.models import STATE_LABELS, VISIBILITY_LABELS
from jdih.extensions import db

bp = Blueprint("audit", __name__)

OBJECT_LABELS = {"document": "Dokumen", "attachment": "Lampiran", "user": "Pengguna",
                 "jenis": "Jenis", "term": "Kosakata", "worklist": "Daftar sitasi belum dikatalog"}

#: Readable names of the fields entries mention (document fields from their declaration).
FIELD_LABELS = {
    "state": "Status terbit", "visibility": "Visibilitas", "is_deleted": "Dihapus",
    "identity": "Identitas", "lampiran": "Lampiran", "sha256": "SHA-256", "email": "Email",
    "name": "Nama", "role": "Peran", "active": "Aktif", "password": "Kata sandi",
    "abbreviation": "Singkatan", "citation_type": "Tipe sitasi", "label": "Istilah",
    "identitas": "Identitas",
}
for _fields in FIELDS_BY_TYPE.values():
    for _field in _fields:
        FIELD_LABELS.setdefault(_field.name, _field.label)


#: Stored codes shown by their Indonesian names.
VALUE_LABELS = {"state": STATE_LABELS, "visibility": VISIBILITY_LABELS, "role": ROLE_LABELS}


#: Entries keep dates and times as ISO text (core.audit); the log shows them in Indonesian.
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _shown_when(value: str) -> str:
    try:
        if _ISO_DAY.match(value):
            return format_day(date.fromisoformat(value))
        return format_time(datetime.fromisoformat(value), current_app.config.get("TIMEZONE"))
    except ValueError:
        return value


def shown_value(field: str, value) -> str:
    """An old or new value of ``field`` as people read it."""
    if isinstance(value, str) and value in VALUE_LABELS.get(field, {}):
        return VALUE_LABELS[field][value]
    if isinstance(value, str) and (_ISO_DAY.match(value) or _ISO_TIME.match(value)):
        return _shown_when(value)
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return "ya"
    if value is False:
        return "tidak"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


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
    return render_template("audit/log.html", page=page, actions=ACTION_LABELS, objects=OBJECT_LABELS,
                           field_labels=FIELD_LABELS, shown_value=shown_value)
