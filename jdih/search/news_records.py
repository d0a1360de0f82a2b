"""News items in the search index: how a News row becomes a SearchRecord."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from jdih.news.models import News
from jdih.search.backend import SearchRecord


def news_key(news_id: int) -> str:
    return f"news:{news_id}"


def news_record(news: News) -> SearchRecord:
    return SearchRecord(
        key=news_key(news.id), kind="news", title=news.title, doc_type="berita",
        tahun=news.news_date.year if news.news_date else None, subjects=list(news.tags or []),
        body="\n".join(part for part in (news.body_text, news.place, news.credit) if part),
        visibility="public", published=news.is_published, date=news.news_date,
        updated_at=news.updated_at)


def load_news(session: Session, ids: list[int]) -> list[SearchRecord]:
    rows = session.scalars(select(News).where(News.id.in_(ids), News.is_deleted.is_(False)))
    return [news_record(news) for news in rows]


def all_news_ids(session: Session) -> Iterable[int]:
    return session.scalars(select(News.id).where(News.is_deleted.is_(False)))


def news_by_id(session: Session, ids: list[int]) -> dict[int, News]:
    return {news.id: news for news in session.scalars(select(News).where(News.id.in_(ids)))}
