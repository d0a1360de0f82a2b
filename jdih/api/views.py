"""/api/v1: the JSON API for partners and other machines.

Identity comes from the bearer token only (see ``jdih.api.tokens``), so the
blueprint is exempt from CSRF: no cookie grants anything here.
"""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask_limiter.util import get_remote_address
from sqlalchemy import select

from jdih.accounts.access import can_read
from jdih.api import errors, extras, params, serializers
from jdih.api import models  # noqa: F401  (the token table, for create_all)
from jdih.api.errors import ApiError, bad_parameter
from jdih.api.queries import (
    CursorError, DocumentFilters, decode_cursor, document_listing, page_after, parse_since,
)
from jdih.api.tokens import InvalidToken, current_principal
from jdih.catalogue.models import DOC_TYPES, Document
from jdih.extensions import csrf, db, limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
errors.install(bp)

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
#: Defaults when the configuration names no API_RATE_LIMIT / API_ANON_RATE_LIMIT.
TOKEN_RATE_LIMIT = "300 per minute"
ANON_RATE_LIMIT = "60 per minute"


def _principal_or_none():
    try:
        return current_principal()
    except InvalidToken:
        return None


def rate_limit_key() -> str:
    """Token holders are counted per token, everybody else per address."""
    principal = _principal_or_none()
    if principal is not None and principal.is_authenticated:
        return f"api-token:{principal.token_id}"
    return f"api-addr:{get_remote_address()}"


def rate_limit_value() -> str:
    principal = _principal_or_none()
    if principal is not None and principal.is_authenticated:
        return current_app.config.get("API_RATE_LIMIT", TOKEN_RATE_LIMIT)
    return current_app.config.get("API_ANON_RATE_LIMIT", ANON_RATE_LIMIT)


limiter.limit(rate_limit_value, key_func=rate_limit_key)(bp)


@bp.before_request
def identify_caller() -> None:
    current_principal()  # an unknown or revoked token stops here with 401


@bp.route("/documents")
def document_list():
    params.reject_unknown(("type", "jenis", "year", "status", "subject", "updated_since",
                           "cursor", "limit"))
    filters = DocumentFilters(
        doc_type=params.choice("type", DOC_TYPES),
        jenis=params.text("jenis"),
        year=params.integer("year", minimum=1, maximum=9999),
        status=params.text("status"),
        subject=params.text("subject"),
    )
    since = params.text("updated_since", 40)
    if since:
        try:
            filters.updated_since = parse_since(since)
        except ValueError:
            raise bad_parameter("updated_since", "gunakan format ISO 8601, "
                                                 "mis. 2025-01-31 atau 2025-01-31T08:00:00Z.")
    cursor_text = params.text("cursor", 200)
    try:
        cursor = decode_cursor(cursor_text) if cursor_text else None
    except CursorError:
        raise bad_parameter("cursor", "kursor tidak dikenali; mulai lagi tanpa kursor.")
    limit = params.integer("limit", maximum=MAX_LIMIT, default=DEFAULT_LIMIT)
    docs, next_cursor = page_after(document_listing(current_principal(), filters), cursor, limit)
    return jsonify({"data": [serializers.document_summary(doc) for doc in docs],
                    "next_cursor": next_cursor, "limit": limit})


@bp.route("/documents/<slug>")
def document_detail(slug: str):
    params.reject_unknown(())
    doc = db.session.scalar(select(Document).where(Document.slug == slug))
    if doc is None or not can_read(doc, current_principal()):
        raise ApiError(404, "Dokumen tidak ditemukan.")
    return jsonify(serializers.document_detail(doc, **extras.document_extras(doc, current_principal())))


@bp.route("/openapi.json")
def openapi_document():
    from jdih.api.openapi import build_document

    return jsonify(build_document(current_app))

