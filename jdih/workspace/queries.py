"""The counts and short lists of the staff workspace.

This area sits above catalogue, news and citations: it only reads them, so
nothing below has to know a workspace exists.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from jdih.catalogue import staff_queries
from jdih.catalogue.models import STATE_DRAFT, STATE_PUBLISHED, Document
from jdih.citations.models import STATE_SUGGESTED, NewsCitation
from jdih.core.audit import AuditEntry
from jdih.extensions import db
from jdih.news import citelinks
from jdih.news.models import News

#: How many rows each short list shows; the count links to the full list.
SHORT = 5


@dataclass
class Pile:
    """One heap of work: how many, the first few, and where the rest are."""

    count: int
    items: list[Any]


def _pile(query) -> Pile:
    count = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return Pile(count, list(db.session.scalars(query.limit(SHORT))) if count else [])


def _live_drafts():
    return (select(Document).where(Document.state == STATE_DRAFT, Document.is_deleted.is_(False))
            .order_by(Document.updated_at.desc(), Document.id.desc()))


def my_drafts(user_id: int) -> Pile:
    return _pile(_live_drafts().where(staff_queries.created_by(user_id)))


def all_drafts() -> Pile:
    return _pile(_live_drafts())


def published_without_file() -> Pile:
    """Published documents readers cannot download anything from."""
    return _pile(select(Document).where(Document.state == STATE_PUBLISHED, Document.is_deleted.is_(False),
                                        ~staff_queries.has_file()).order_by(Document.updated_at.desc(), Document.id.desc()))


def pending_citation_links() -> Pile:
    """News citations matched to a document automatically, not yet confirmed
    or rejected by staff; the items are the news items holding them."""
    pending = (select(NewsCitation.news_id)
               .where(NewsCitation.state == STATE_SUGGESTED, NewsCitation.document_id.is_not(None)))
    count = db.session.scalar(select(func.count()).select_from(
        pending.join(News, News.id == NewsCitation.news_id).where(News.is_deleted.is_(False)).subquery()))
    news = db.session.scalars(select(News).where(News.id.in_(pending), News.is_deleted.is_(False))
                              .order_by(News.news_date.desc(), News.id.desc()).limit(SHORT)).all() if count else []
    return Pile(count, list(news))


def uncatalogued_citations() -> Pile:
    count = citelinks.uncatalogued_count()
    return Pile(count, citelinks.uncatalogued(limit=SHORT) if count else [])


#: What colleagues share: the catalogue and the news. Accounts and tokens
#: stay in the admins' audit log (an editor has no business with them).
SHARED_WORK = ("document", "news")


def colleagues_changes(user_id: int, limit: int = 10) -> list[AuditEntry]:
    """The latest changes others made to documents and news (the CLI's
    included), newest first."""
    return list(db.session.scalars(
        select(AuditEntry).where((AuditEntry.user_id != user_id) | AuditEntry.user_id.is_(None),
                                 AuditEntry.object_type.in_(SHARED_WORK))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)))
