"""The figures of the statistics page, read as an anonymous visitor.

Public figures count only what the public may read (``readable`` with an
anonymous reader): a partner-only or internal document never adds to a
total, a ranking or a status count, whoever is looking at the page.
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator, Optional

from flask import current_app
from flask_login import AnonymousUserMixin
from sqlalchemy import Select, and_, case, distinct, func, select

from jdih.accounts.access import readable
from jdih.catalogue.daily_counts import KINDS, DailyCount, office_today
from jdih.catalogue.models import DOC_TYPES, Attachment, Document, Jenis
from jdih.catalogue.queries import type_counts, visible_documents
from jdih.citations.models import NewsCitation, STATE_REJECTED
from jdih.extensions import db
from jdih.news.models import News
from jdih.relations.queries import shown_statuses, status_may_change

PUBLIC = AnonymousUserMixin()
TOP = 10
MONTHS = 12
#: Documents whose status is derived per batch (relations read in two queries each).
STATUS_BATCH = 500
NO_STATUS = "Tanpa status"
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


@dataclass
class Ranked:
    slug: str
    label: str
    judul: str
    count: int


@dataclass
class Statistics:
    by_type: list[tuple[str, str, int]] = field(default_factory=list)
    by_jenis: list[tuple[str, str, int]] = field(default_factory=list)
    by_year: list[tuple[int, int]] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    most_viewed: list[Ranked] = field(default_factory=list)
    most_downloaded: list[Ranked] = field(default_factory=list)
    most_cited: list[Ranked] = field(default_factory=list)
    monthly: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(count for _, _, count in self.by_type)


def public_documents() -> Select:
    return visible_documents(PUBLIC)


def by_type() -> list[tuple[str, str, int]]:
    counts = type_counts(PUBLIC)
    return [(key, label, counts.get(key, 0)) for key, label in DOC_TYPES.items()]


def by_jenis() -> list[tuple[str, str, int]]:
    """(type label, jenis name, count), by type then the jenis's own order."""
    sub = public_documents().subquery()
    rows = db.session.execute(
        select(Jenis.doc_type, Jenis.name, func.count()).join(sub, sub.c.jenis_id == Jenis.id)
        .group_by(Jenis.id, Jenis.doc_type, Jenis.name, Jenis.sort_order)
        .order_by(Jenis.doc_type, Jenis.sort_order, Jenis.name)).all()
    return [(DOC_TYPES.get(doc_type, doc_type), name, count) for doc_type, name, count in rows]


def by_year() -> list[tuple[int, int]]:
    sub = public_documents().where(Document.tahun.is_not(None)).subquery()
    rows = db.session.execute(select(sub.c.tahun, func.count()).group_by(sub.c.tahun)
                              .order_by(sub.c.tahun)).all()
    return [(year, count) for year, count in rows]


def _batches(ids: list[int]) -> Iterator[list[Document]]:
    for start in range(0, len(ids), STATUS_BATCH):
        chunk = ids[start:start + STATUS_BATCH]
        yield list(db.session.scalars(select(Document).where(Document.id.in_(chunk))))


def by_status(today: Optional[date] = None) -> list[tuple[str, int]]:
    """Shown status (the badge, the API's and the feed's) of public
    peraturan and putusan. A ruling's own status and the recorded status of
    a law nothing acts on are counted in SQL; only the others are derived,
    batch by batch, so memory stays flat."""
    laws_and_rulings = public_documents().where(Document.doc_type.in_(("peraturan", "putusan")))
    derived = and_(Document.doc_type != "putusan", status_may_change())
    shown = case((Document.doc_type == "putusan", Document.status_putusan), else_=Document.status)
    plain = laws_and_rulings.where(~derived).with_only_columns(shown.label("shown")).subquery()
    counts: Counter[str] = Counter()
    for status, count in db.session.execute(select(plain.c.shown, func.count()).group_by(plain.c.shown)):
        counts[status or NO_STATUS] += count
    ids = list(db.session.scalars(laws_and_rulings.where(derived).with_only_columns(Document.id)
                                  .order_by(Document.id)))
    for docs in _batches(ids):
        statuses = shown_statuses(docs, today)
        counts.update(statuses.get(doc.id) or NO_STATUS for doc in docs)
        for doc in docs:  # done with them: let the session forget them
            db.session.expunge(doc)
    return counts.most_common()


def _ranked(counts: Any, limit: int = TOP) -> list[Ranked]:
    """The public documents with the highest ``counts.c.n`` (a subquery of
    document_id, n), best first; aggregated apart so the document's eager
    joins stay out of the GROUP BY."""
    query = (public_documents().add_columns(counts.c.n).join(counts, counts.c.document_id == Document.id)
             .where(counts.c.n > 0).order_by(counts.c.n.desc(), Document.id.desc()).limit(limit))
    return [Ranked(doc.slug, doc.display_identity or doc.judul, doc.judul, count)
            for doc, count in db.session.execute(query).all()]


def most_viewed(limit: int = TOP) -> list[Ranked]:
    return _ranked(select(Document.id.label("document_id"), Document.view_count.label("n")).subquery(), limit)


def most_downloaded(limit: int = TOP) -> list[Ranked]:
    return _ranked(select(Attachment.document_id, func.sum(Attachment.download_count).label("n"))
                   .where(Attachment.is_deleted.is_(False)).group_by(Attachment.document_id).subquery(), limit)


def most_cited() -> list[Ranked]:
    """Documents by the number of published news items that cite them."""
    news_ids = readable(select(News.id), News, PUBLIC).scalar_subquery()
    return _ranked(select(NewsCitation.document_id, func.count(distinct(NewsCitation.news_id)).label("n"))
                   .where(NewsCitation.document_id.is_not(None), NewsCitation.state != STATE_REJECTED,
                          NewsCitation.news_id.in_(news_ids))
                   .group_by(NewsCitation.document_id).subquery())


def month_starts(today: date, months: int = MONTHS) -> list[date]:
    """The first days of the last ``months`` months, oldest first, this one last."""
    starts, year, month = [], today.year, today.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def monthly(today: Optional[date] = None) -> list[dict[str, Any]]:
    """Views and downloads per month for the last twelve months (at most
    366 rows read: one per day and kind)."""
    starts = month_starts(today or office_today())
    rows = db.session.execute(select(DailyCount.day, DailyCount.kind, DailyCount.count)
                              .where(DailyCount.day >= starts[0])).all()
    totals: Counter[tuple[date, str]] = Counter()
    for day, kind, count in rows:
        totals[(day.replace(day=1), kind)] += count
    return [{"month": start.strftime("%Y-%m"), "label": f"{MONTH_NAMES[start.month - 1]} {start.year}",
             **{kind: totals[(start, kind)] for kind in KINDS}} for start in starts]


def cached_statistics() -> Statistics:
    """``statistics()``, kept per app and process for STATISTICS_CACHE_SECONDS
    (default 60): the page is the same for every reader, and its status
    counts read every law that relations act on."""
    ttl = float(current_app.config["STATISTICS_CACHE_SECONDS"])
    cache = current_app.extensions.setdefault("jdih_statistics", {})
    if ttl > 0 and cache and time.monotonic() - cache["at"] < ttl:
        return cache["stats"]
    stats = statistics()
    cache.update(stats=stats, at=time.monotonic())
    return stats


def statistics(today: Optional[date] = None) -> Statistics:
    return Statistics(by_type=by_type(), by_jenis=by_jenis(), by_year=by_year(), by_status=by_status(today),
                      most_viewed=most_viewed(), most_downloaded=most_downloaded(), most_cited=most_cited(),
                      monthly=monthly(today))


def as_json(stats: Statistics) -> dict[str, Any]:
    ranked = lambda items: [{"slug": r.slug, "label": r.label, "judul": r.judul, "count": r.count}  # noqa: E731
                            for r in items]
    return {
        "total": stats.total,
        "by_type": [{"type": key, "label": label, "count": count} for key, label, count in stats.by_type],
        "by_jenis": [{"type_label": t, "jenis": name, "count": count} for t, name, count in stats.by_jenis],
        "by_year": [{"year": year, "count": count} for year, count in stats.by_year],
        "by_status": [{"status": status, "count": count} for status, count in stats.by_status],
        "most_viewed": ranked(stats.most_viewed),
        "most_downloaded": ranked(stats.most_downloaded),
        "most_cited_in_news": ranked(stats.most_cited),
        "monthly": [{"month": m["month"], "views": m["view"], "downloads": m["download"]} for m in stats.monthly],
    }
