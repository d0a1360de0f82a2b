"""/api/v1/search: the search page's query language and facets as JSON.

Filter and sort parameters have the page's names (tipe, jenis, tahun,
status, bidang, subjek, urut), so the query string of a /cari URL works
unchanged here.
"""
from __future__ import annotations

from typing import Any, Optional

from flask import jsonify, request, url_for
from flask_limiter.util import get_remote_address

from jdih.api import params, serializers
from jdih.api.errors import ApiError, bad_parameter
from jdih.api.tokens import current_principal
from jdih.api.views import partner_visibility_param
from jdih.catalogue.models import DOC_TYPES, Document
from jdih.relations.queries import shown_statuses
from jdih.extensions import limiter
from jdih.search import service
from jdih.search.request import SORTS
from jdih.search.pasal_hits import PasalHit
from jdih.search.views import search_rate_limit

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_PAGE = 1000


def _facet_label(field: str, value: Any) -> str:
    return DOC_TYPES.get(str(value), str(value)) if field == "doc_type" else str(value)


def _item(item: service.ResultItem, statuses: dict[int, Optional[str]]) -> dict[str, Any]:
    hit, row = item.hit, item.row
    body: dict[str, Any] = {"kind": hit.kind, "score": float(hit.score), "title_html": hit.title_html,
                            "snippet_html": hit.page_html or hit.snippet_html,
                            "page_no": item.attachment_page, "document": None, "news": None,
                            "pasal": None}
    if isinstance(row, Document):
        body["document"] = serializers.document_summary(row, statuses.get(row.id))
        body["pasal"] = _pasal(item.pasal, row)
    else:
        from jdih.api.news_views import news_summary

        body["news"] = news_summary(row)
    return body


def _pasal(found: Optional[PasalHit], doc: Document) -> Optional[dict[str, Any]]:
    """The pasal (and ayat) the hit matched, with its place in the reading view."""
    if found is None:
        return None
    return {"number": found.number, "ayat": found.ayat, "label": found.label, "anchor": found.anchor,
            "url": url_for("catalogue.detail", slug=doc.slug, _anchor=found.anchor, _external=True)}


@limiter.limit(search_rate_limit, key_func=get_remote_address)
def search():
    params.reject_unknown(("q", "page", "limit", "urut", "visibility", *service.FILTER_ARGS))
    query = params.text("q", 500) or ""
    sort = params.choice("urut", SORTS) or "relevance"
    page = params.integer("page", maximum=MAX_PAGE, default=1)
    limit = params.integer("limit", maximum=MAX_LIMIT, default=DEFAULT_LIMIT)
    tahun = request.args.getlist("tahun")
    if any(not value.isdigit() for value in tahun if value):
        raise bad_parameter("tahun", "harus berupa tahun, mis. 2017.")
    principal = current_principal()
    partner_only = partner_visibility_param() is not None
    search_request = service.build_request(query, service.parse_filters(request.args), sort=sort,
                                           page=page, per_page=limit, user=principal,
                                           partner_only=partner_only)
    try:
        result = service.run(search_request, principal)
    except service.SearchUnavailable:
        raise ApiError(503, service.UNAVAILABLE_MESSAGE, "search_unavailable",
                       retry_after=service.UNAVAILABLE_RETRY_AFTER) from None
    statuses = shown_statuses(item.row for item in result.items if isinstance(item.row, Document))
    facets = {field: [{"value": value, "label": _facet_label(field, value), "count": count}
                      for value, count in values]
              for field, values in result.result.facets.items()}
    return jsonify({"query": query, "sort": sort, "total": result.total, "page": page, "limit": limit,
                    "suggestion": result.result.suggestion, "notes": result.result.notes,
                    "complete": result.result.complete, "partial": result.result.partial,
                    "results": [_item(item, statuses) for item in result.items], "facets": facets})
