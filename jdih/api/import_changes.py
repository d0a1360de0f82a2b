"""What an import row would change in the document it updates, field by
field, so the dry run can show it before anyone confirms."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Optional

from jdih.catalogue import operations
from jdih.catalogue.fields import fields_for
from jdih.catalogue.models import STATE_LABELS, VISIBILITY_LABELS, Document, Jenis
from jdih.core.timeutil import format_day
from jdih.extensions import db

EMPTY = "\u2014"


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


def shown(value: Any) -> str:
    """A value as the dry run shows it (dates in Indonesian)."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, date):
        return format_day(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(value)


def _same(name: str, current: Any, value: Any) -> bool:
    if name == "subjects":
        return sorted(current or []) == sorted(value or [])
    return current == value


def field_changes(doc: Document, values: dict[str, Any], term_labels: dict[str, str],
                  state: Optional[str]) -> list[FieldChange]:
    """Every field the row sets to something else than the document holds,
    in the order of the document's form."""
    current = operations.snapshot(doc)
    changes = []
    for spec in fields_for(doc.doc_type):
        if spec.name == "jenis_id" and values.get("jenis_id") not in (None, doc.jenis_id):
            new_jenis = db.session.get(Jenis, values["jenis_id"])
            changes.append(FieldChange(spec.label, shown(doc.jenis.name if doc.jenis else None),
                                       shown(new_jenis.name if new_jenis else None)))
        elif spec.name in term_labels and current.get(spec.name) != term_labels[spec.name]:
            changes.append(FieldChange(spec.label, shown(current.get(spec.name)),
                                       shown(term_labels[spec.name])))
        elif spec.name in values and spec.name != "jenis_id" and not _same(
                spec.name, current.get(spec.name), values[spec.name]):
            changes.append(FieldChange(spec.label, shown(current.get(spec.name)), shown(values[spec.name])))
    if "visibility" in values and values["visibility"] != doc.visibility:
        changes.append(FieldChange("Visibilitas", VISIBILITY_LABELS.get(doc.visibility, doc.visibility),
                                   VISIBILITY_LABELS.get(values["visibility"], values["visibility"])))
    if state is not None and state != doc.state:
        changes.append(FieldChange("Status terbit", STATE_LABELS.get(doc.state, doc.state),
                                   STATE_LABELS.get(state, state)))
    return changes
