"""POST /api/v1/citations/lookup: the citations of a posted text, each
resolved for the caller.

Part of the API, so it identifies callers like the rest of it: by bearer
token only (a partner token sees partner documents; a browser's staff
session cookie is ignored), and it is rate limited per token or address.
Its work is bounded: the body by CITATION_LOOKUP_MAX_BYTES, the number of
citations by CITATION_LOOKUP_MAX_CITATIONS, and each distinct identity is
resolved once, whatever the number of times the text repeats it.
"""
from __future__ import annotations

from typing import Any

from flask import current_app, request, url_for

from jdih.api.errors import ApiError
from jdih.api.tokens import current_principal
from jdih.citations import extract
from jdih.citations.resolve import resolve_many_for_reader
from jdih.core.guards import loads_json

DEFAULT_LOOKUP_MAX_BYTES = 100 * 1024
DEFAULT_LOOKUP_MAX_CITATIONS = 1000
DEFAULT_LOOKUP_RATE_LIMIT = "120 per minute"


def lookup_rate_limit() -> str:
    return current_app.config.get("CITATION_LOOKUP_RATE_LIMIT", DEFAULT_LOOKUP_RATE_LIMIT)


def _request_text(max_bytes: int) -> str:
    """The text to look up; raises ApiError for a body it cannot use."""
    if request.content_length is not None and request.content_length > max_bytes:
        raise _too_large(max_bytes)
    raw = request.stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise _too_large(max_bytes)
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "Teks harus berenkode UTF-8.", "bad_encoding") from None
    if request.mimetype == "application/json":
        try:
            payload = loads_json(body)
        except ValueError as error:
            raise ApiError(400, f"JSON tidak valid: {error}", "bad_json") from None
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
            raise ApiError(400, 'Kirim objek JSON {"text": "..."} dengan teks berupa string.', "bad_request")
        return payload["text"]
    if request.mimetype in ("text/plain", ""):
        return body
    raise ApiError(415, "Gunakan application/json atau text/plain.", "unsupported_media_type")


def _too_large(max_bytes: int) -> ApiError:
    return ApiError(413, f"Teks terlalu besar: batas {max_bytes} byte ({max_bytes // 1024} KB).", "too_large")


def _document_json(document) -> dict[str, Any]:
    return {"identity": document.display_identity or None, "title": document.judul,
            "url": url_for("catalogue.detail", slug=document.slug, _external=True)}


def _citation_json(citation, resolution) -> dict[str, Any]:
    found = resolution.document
    return {**citation.to_json(), "status": resolution.status,
            "identity": resolution.identity,
            "document": _document_json(found) if found is not None else None,
            "candidates": [_document_json(doc) for doc in resolution.documents] if found is None else []}


def lookup():
    """Read-only: the citations of the posted text, resolved for the caller."""
    max_bytes = int(current_app.config.get("CITATION_LOOKUP_MAX_BYTES", DEFAULT_LOOKUP_MAX_BYTES))
    max_citations = int(current_app.config.get("CITATION_LOOKUP_MAX_CITATIONS", DEFAULT_LOOKUP_MAX_CITATIONS))
    citations = extract(_request_text(max_bytes))
    if len(citations) > max_citations:
        # Refused rather than cut short: a client must not take a partial
        # answer for the whole text.
        raise ApiError(413, f"Teks memuat {len(citations)} sitasi; batasnya {max_citations} per permintaan. "
                            "Pecah teks menjadi beberapa permintaan.", "too_many_citations")
    resolutions = resolve_many_for_reader(citations, current_principal())
    return {"citations": [_citation_json(c, r) for c, r in zip(citations, resolutions)]}
