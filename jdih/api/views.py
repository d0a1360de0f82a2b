"""/api/v1 documents and the OpenAPI description (routed in routes.py)."""
from __future__ import annotations

from flask import current_app, jsonify
from sqlalchemy import select

from jdih.accounts.access import can_read, readable_visibilities
from jdih.api import extras, params, serializers
from jdih.relations.queries import shown_statuses
from jdih.api.errors import ApiError, bad_parameter
from jdih.api.queries import (
    CursorError, DocumentFilters, decode_cursor, document_listing, page_after, parse_since,
)
from jdih.api.tokens import current_principal
from jdih.catalogue.models import DOC_TYPES, VISIBILITY_PARTNER, Document
from jdih.extensions import db

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def cursor_param():
    cursor_text = params.text("cursor", 200)
    try:
        return decode_cursor(cursor_text) if cursor_text else None
    except CursorError:
        raise bad_parameter("cursor", "kursor tidak dikenali; mulai lagi tanpa kursor.")


def partner_visibility_param():
    """``visibility=partner``: what was shared with partners, for a token that may read it."""
    visibility = params.choice("visibility", (VISIBILITY_PARTNER,))
    if visibility and visibility not in readable_visibilities(current_principal()):
        raise ApiError(401, "Anda tidak memiliki akses ke filter visibility=partner: "
                                "kirim token mitra (Authorization: Bearer <token>).")
    return visibility


def document_list():
    params.reject_unknown(("type", "jenis", "year", "status", "subject", "updated_since",
                           "visibility", "cursor", "limit"))
    filters = DocumentFilters(
        doc_type=params.choice("type", DOC_TYPES),
        jenis=params.text("jenis"),
        year=params.integer("year", minimum=1, maximum=9999),
        status=params.text("status"),
        subject=params.text("subject"),
        visibility=partner_visibility_param(),
    )
    since = params.text("updated_since", 40)
    if since:
        try:
            filters.updated_since = parse_since(since)
        except ValueError:
            raise bad_parameter("updated_since", "gunakan format ISO 8601, "
                                                 "mis. 2025-01-31 atau 2025-01-31T08:00:00Z.")
    cursor = cursor_param()
    limit = params.integer("limit", maximum=MAX_LIMIT, default=DEFAULT_LIMIT)
    docs, next_cursor = page_after(document_listing(current_principal(), filters), cursor, limit)
    statuses = shown_statuses(docs)
    return jsonify({"data": [serializers.document_summary(doc, statuses.get(doc.id)) for doc in docs],
                    "next_cursor": next_cursor, "limit": limit})


def document_detail(slug: str):
    params.reject_unknown(())
    principal = current_principal()
    doc = db.session.scalar(select(Document).where(Document.slug == slug))
    if doc is None or not can_read(doc, principal):
        raise ApiError(404, "Dokumen tidak ditemukan.")
    return jsonify(serializers.document_detail(doc, **extras.document_extras(doc, principal)))


def openapi_document():
    from jdih.api.openapi import build_document

    return jsonify(build_document(current_app))
