"""/api/v1/news: published news, newest first, each with its citations."""
from __future__ import annotations

from datetime import date
from typing import Any, Optional

from flask import jsonify, url_for
from sqlalchemy import and_, or_, select

from jdih.accounts.access import can_read
from jdih.api import params
from jdih.api.errors import ApiError, bad_parameter
from jdih.api.jdihn import iso_datetime
from jdih.api.queries import CursorError, pack_cursor, unpack_cursor
from jdih.api.tokens import ApiPrincipal, current_principal
from jdih.citations.models import STATE_REJECTED, NewsCitation
from jdih.extensions import db
from jdih.news.models import News
from jdih.news.operations import published_news

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def news_summary(news: News) -> dict[str, Any]:
    return {
        "id": news.id, "slug": news.slug, "title": news.title,
        "news_date": news.news_date.isoformat(), "place": news.place,
        "tags": list(news.tags or []),
        "published_at": iso_datetime(news.published_at) if news.published_at else None,
        "updated_at": iso_datetime(news.updated_at),
        "url": url_for("news.detail", slug=news.slug, _external=True),
        "api_url": url_for("api.news_detail", slug=news.slug, _external=True),
    }


def citation(row: NewsCitation, principal: ApiPrincipal) -> dict[str, Any]:
    """A citation; the document only when linked and readable by the caller."""
    doc = row.document if row.is_linked else None
    linked = None
    if doc is not None and can_read(doc, principal):
        linked = {"slug": doc.slug, "identity": doc.display_identity or None, "judul": doc.judul,
                  "url": url_for("catalogue.detail", slug=doc.slug, _external=True),
                  "api_url": url_for("api.document_detail", slug=doc.slug, _external=True)}
    return {"text": row.text, "identity": row.identity, "status": row.state, "type": row.type,
            "pinpoint": row.pinpoint, "document": linked}


def news_detail_body(news: News, principal: ApiPrincipal) -> dict[str, Any]:
    rows = db.session.scalars(select(NewsCitation).where(
        NewsCitation.news_id == news.id, NewsCitation.state != STATE_REJECTED)
        .order_by(NewsCitation.start, NewsCitation.id))
    return {**news_summary(news), "credit": news.credit, "body_html": news.body_html,
            "body_text": news.body_text, "citations": [citation(row, principal) for row in rows]}


def _after(query, cursor: Optional[tuple[date, int]]):
    if cursor is None:
        return query
    day, news_id = cursor
    return query.where(or_(News.news_date < day, and_(News.news_date == day, News.id < news_id)))


def news_list():
    params.reject_unknown(("cursor", "limit"))
    raw = params.text("cursor", 200)
    try:
        cursor = unpack_cursor(raw, date.fromisoformat) if raw else None
    except CursorError:
        raise bad_parameter("cursor", "kursor tidak dikenali; mulai lagi tanpa kursor.")
    limit = params.integer("limit", maximum=MAX_LIMIT, default=DEFAULT_LIMIT)
    rows = list(db.session.scalars(_after(published_news(), cursor).limit(limit + 1)))
    more, rows = len(rows) > limit, rows[:limit]
    next_cursor = pack_cursor([rows[-1].news_date.isoformat(), rows[-1].id]) if more and rows else None
    return jsonify({"data": [news_summary(news) for news in rows], "next_cursor": next_cursor,
                    "limit": limit})


def news_detail(slug: str):
    params.reject_unknown(())
    principal = current_principal()
    news = db.session.scalar(select(News).where(News.slug == slug))
    if news is None or not can_read(news, principal):
        raise ApiError(404, "Berita tidak ditemukan.")
    return jsonify(news_detail_body(news, principal))
