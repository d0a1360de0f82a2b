"""What other areas add to a document's API detail: its relations and
derived status (jdih.relations) and the news citing it (jdih.news).

jdih.relations is read only if it is installed, so the API works (with an
empty list and a null status) on a tree without it.
"""
from __future__ import annotations

import importlib
from typing import Any, Optional

from flask import url_for

from jdih.accounts.access import can_read
from jdih.api.tokens import ApiPrincipal
from jdih.catalogue.models import Document
from jdih.extensions import db


def _optional(module: str) -> Optional[Any]:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def _readable(doc_id: Optional[int], principal: ApiPrincipal) -> Optional[Document]:
    doc = db.session.get(Document, doc_id) if doc_id else None
    return doc if doc is not None and can_read(doc, principal) else None


def relations(doc: Document, principal: ApiPrincipal) -> list[dict[str, Any]]:
    """Both directions; a catalogued other end the caller may not read is left out."""
    queries, models = _optional("jdih.relations.queries"), _optional("jdih.relations.models")
    if queries is None or models is None:
        return []
    items = []
    for fact in queries.all_facts(doc, principal):
        if fact.other.hidden:
            continue  # masked by the reader policy: never named
        other = _readable(fact.other.id, principal) if fact.other.catalogued else None
        active, reverse = models.KINDS.get(fact.kind, (fact.kind, fact.kind))
        items.append({
            "type": fact.kind,
            "direction": "incoming" if fact.incoming else "outgoing",
            "label": reverse if fact.incoming else active,
            "identity": fact.other.identity or None,
            "judul": other.judul if other else None,
            "url": url_for("catalogue.detail", slug=other.slug, _external=True) if other else None,
            "api_url": url_for("api.document_detail", slug=other.slug, _external=True) if other else None,
            "effective_date": fact.effective_date.isoformat() if fact.effective_date else None,
            "pasal": fact.pasal,
        })
    return items


def derived_status(doc: Document, principal: ApiPrincipal) -> Optional[str]:
    queries = _optional("jdih.relations.queries")
    if queries is None:
        return None
    return queries.derived_status(doc, reader=principal).status


def cited_in(doc: Document) -> list[dict[str, Any]]:
    citelinks = _optional("jdih.news.citelinks")
    if citelinks is None:
        return []
    return [{"slug": news.slug, "title": news.title, "news_date": news.news_date.isoformat(),
             "url": url_for("news.detail", slug=news.slug, _external=True),
             "api_url": url_for("api.news_detail", slug=news.slug, _external=True)}
            for news in citelinks.news_citing(doc)]


def document_extras(doc: Document, principal: ApiPrincipal) -> dict[str, Any]:
    return {"relations": relations(doc, principal), "derived_status": derived_status(doc, principal),
            "cited_in": cited_in(doc)}
