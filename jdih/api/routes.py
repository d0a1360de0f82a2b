"""Every URL rule of /api/v1 in one place (the blueprint and what each API
request goes through live in blueprint.py; the views in views.py,
news_views.py, search_views.py and citation_views.py)."""
from __future__ import annotations

from jdih.api import citation_views, news_views, search_views, stats_views, structure_views, views
from jdih.api.blueprint import bp, rate_limit_key
from jdih.extensions import limiter

RULES = (
    ("/documents", views.document_list),
    ("/documents/<slug>", views.document_detail),
    ("/documents/<slug>/struktur", structure_views.document_structure),
    ("/news", news_views.news_list),
    ("/news/<slug>", news_views.news_detail),
    ("/search", search_views.search),
    ("/openapi.json", views.openapi_document),
    ("/statistik", stats_views.statistics),
)

for rule, view in RULES:
    bp.add_url_rule(rule, view_func=view)

# The webhook rules belong to jdih.alerts, which sits above the API: create_app
# adds them (alerts.webhook_views.attach) so that the API never imports it.

# POST, and a lower limit than the rest of the API (each call parses and
# resolves up to 100 KB of text), counted like the API: per token or address.
bp.add_url_rule("/citations/lookup", "citations_lookup", view_func=limiter.limit(
    citation_views.lookup_rate_limit, key_func=rate_limit_key)(citation_views.lookup), methods=["POST"])
