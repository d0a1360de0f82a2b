"""How the log names what entries hold: fields by their form labels, stored
codes by their Indonesian names, dates as the office writes them."""
from __future__ import annotations

import re
from datetime import date, datetime

from flask import current_app

from jdih.accounts.models import ROLE_LABELS
from jdih.catalogue.fields import FIELDS_BY_TYPE
from jdih.catalogue.models import STATE_LABELS, VISIBILITY_LABELS
from jdih.core.timeutil import format_day, format_time
from jdih.news.forms import NewsForm

#: Fields that no form declares: workflow columns, accounts, vocabularies,
#: tokens, files, citations and relations.
OTHER_FIELDS = {
    "state": "Status terbit", "visibility": "Visibilitas", "is_deleted": "Dihapus",
    "identity": "Identitas", "identitas": "Identitas", "lampiran": "Lampiran", "foto": "Foto",
    "sha256": "SHA-256", "email": "Email", "name": "Nama", "role": "Peran", "active": "Aktif",
    "password": "Kata sandi", "abbreviation": "Singkatan", "citation_type": "Tipe sitasi",
    "label": "Istilah", "revoked_at": "Dicabut pada", "sitasi": "Sitasi", "dokumen": "Dokumen",
    "relasi": "Relasi", "pasal": "Pasal", "relasi_tertaut": "Relasi tertaut", "target": "Sasaran alias",
}


def _news_labels() -> dict[str, str]:
    """The news form's labels, read from its declaration (no request needed)."""
    labels = {}
    for name in ("title", "news_date", "place", "body", "credit", "tags"):
        unbound = getattr(NewsForm, name)
        labels[name] = unbound.kwargs.get("label") or unbound.args[0]
    return labels


def _field_labels() -> dict[str, str]:
    labels = dict(OTHER_FIELDS)
    labels.update(_news_labels())
    for fields in FIELDS_BY_TYPE.values():
        for field in fields:
            labels.setdefault(field.name, field.label)
    return labels


#: Readable names of the fields entries mention.
FIELD_LABELS = _field_labels()

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
