"""JSON shapes of the API; the OpenAPI schemas in ``jdih.api.openapi``
describe exactly these."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from flask import url_for

from jdih.api.jdihn import iso_datetime
from jdih.catalogue.fields import fields_for
from jdih.catalogue.models import Attachment, Document, Jenis, Term
from jdih.relations.queries import shown_statuses


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Jenis):
        return value.name
    if isinstance(value, Term):
        return value.label
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def jenis(value: Optional[Jenis]) -> Optional[dict[str, Any]]:
    if value is None:
        return None
    return {"id": value.id, "name": value.name, "abbreviation": value.abbreviation or None}


_UNSET: Any = object()


def document_summary(doc: Document, status: Optional[str] = _UNSET) -> dict[str, Any]:
    """``status`` from ``relations.queries.shown_statuses`` (callers listing
    many documents pass it, read in one batch); derived here otherwise."""
    if status is _UNSET:
        status = shown_statuses([doc]).get(doc.id)
    return {
        "id": doc.id,
        "slug": doc.slug,
        "type": doc.doc_type,
        "type_label": doc.type_label,
        "jenis": jenis(doc.jenis),
        "identity": doc.display_identity or None,
        "nomor": doc.nomor,
        "tahun": doc.tahun,
        "judul": doc.judul,
        "status": status,
        "subjects": [term.label for term in doc.subjects],
        "visibility": doc.visibility,
        "published_at": iso_datetime(doc.published_at) if doc.published_at else None,
        "updated_at": iso_datetime(doc.updated_at),
        "url": url_for("catalogue.detail", slug=doc.slug, _external=True),
        "api_url": url_for("api.document_detail", slug=doc.slug, _external=True),
    }


def attachment(doc: Document, item: Attachment) -> dict[str, Any]:
    return {
        "id": item.id,
        "role": item.role,
        "filename": item.filename,
        "title": item.title,
        "content_type": item.content_type,
        "size": item.size,
        "page_count": item.page_count,
        "url": url_for("catalogue.download", slug=doc.slug, attachment_id=item.id,
                       filename=item.filename, _external=True),
    }


def metadata(doc: Document, status: Optional[str] = None) -> dict[str, Any]:
    """Every field of the document's type, by field name, readable values;
    "status" is the one shown everywhere (the recorded one is for staff)."""
    values = {}
    for field in fields_for(doc.doc_type):
        name = field.name.removesuffix("_id") if field.name.endswith("_id") else field.name
        values[name] = status if name == "status" else _plain(getattr(doc, name))
    return values


def document_detail(doc: Document, relations: Optional[list[dict[str, Any]]] = None,
                    derived_status: Optional[str] = None,
                    cited_in: Optional[list[dict[str, Any]]] = None) -> dict[str, Any]:
    body = document_summary(doc)
    body["metadata"] = metadata(doc, body["status"])
    body["files"] = [attachment(doc, item) for item in doc.attachments]
    body["relations"] = relations or []
    body["derived_status"] = derived_status
    body["cited_in"] = cited_in or []
    return body
