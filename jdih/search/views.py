"""The public search page (/cari)."""
from __future__ import annotations

from flask import Blueprint, current_app, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from jdih.catalogue import queries as catalogue_queries
from jdih.catalogue.models import DOC_TYPES
from jdih.errors import error_response
from jdih.extensions import limiter
from jdih.search import citation_query, pasal_query, service, structured

bp = Blueprint("search", __name__)

PER_PAGE = 20


def search_rate_limit() -> str:
    """SEARCH_RATE_LIMIT: searches per address (the page and the API)."""
    return current_app.config.get("SEARCH_RATE_LIMIT", "30 per minute")


@bp.route("/cari")
@limiter.limit(search_rate_limit)
def search():
    cleaned = structured.clean_query_string(request.args)
    if cleaned is not None:
        # A structured form's submission: answer at the address the page writes.
        return redirect(url_for("search.search") + (f"?{cleaned}" if cleaned else ""))
    query = (request.args.get("q") or "").strip()
    filters = service.parse_filters(request.args)
    can_filter_partner = catalogue_queries.may_filter_partner_only()
    partner_only = can_filter_partner and request.args.get("mitra") == "1"
    if not query and not filters and not partner_only:
        return render_template("search/search.html", page=None, query="", filters={},
                               can_filter_partner=can_filter_partner)
    as_text = bool(filters) or partner_only or request.args.get("teks") == "1"
    cited = None if as_text else citation_query.lookup(query, current_user)
    if pasal_query.opens_directly(cited, query, current_user):
        return redirect(url_for("catalogue.detail", slug=cited.found.slug))
    if cited is not None and cited.found is not None:
        cited = None  # a pasal of it: the rulings that reviewed it lead the results
    if cited is not None and cited.ambiguous:
        return render_template("search/choose.html", cited=cited, query=query)
    search_request = service.build_request(
        query, filters, sort=request.args.get("urut", "relevance"),
        page=request.args.get("page", 1, type=int) or 1, per_page=PER_PAGE, user=current_user,
        partner_only=partner_only)
    service.heal_if_needed()
    try:
        page = service.run(search_request, current_user)
    except service.SearchUnavailable:
        unavailable = make_response(error_response(503, service.UNAVAILABLE_MESSAGE, "search_unavailable"))
        unavailable.headers["Retry-After"] = str(service.UNAVAILABLE_RETRY_AFTER)
        return unavailable
    return render_template("search/search.html", page=page, query=query, filters=filters,
                           cited=cited, can_filter_partner=can_filter_partner,
                           partner_only=partner_only)


@bp.context_processor
def _search_vocabulary() -> dict:
    """The names the search templates use, from the one place that defines them."""
    return {"facet_args": {facet: arg for arg, facet in service.FILTER_ARGS.items()},
            "facet_labels": service.FACET_LABELS, "sort_labels": service.SORT_LABELS}


@bp.app_template_global()
def facet_label(field: str, value: object) -> str:
    if field == "doc_type":
        return "Berita" if value == "berita" else DOC_TYPES.get(str(value), str(value))
    return str(value)
