"""Every URL rule of /api/v1 in one place (the blueprint and what each API
request goes through live in blueprint.py; the views in views.py,
news_views.py and search_views.py)."""
from __future__ import annotations

from jdih.api import news_views, search_views, views
from jdih.api.blueprint import bp

RULES = (
    ("/documents", views.document_list),
    ("/documents/<slug>", views.document_detail),
    ("/news", news_views.news_list),
    ("/news/<slug>", news_views.news_detail),
    ("/search", search_views.search),
    ("/openapi.json", views.openapi_document),
)

for rule, view in RULES:
    bp.add_url_rule(rule, view_func=view)
