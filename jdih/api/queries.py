"""Read queries of the open-data endpoints: the harvest feed, its version
stamp, and the API's filtered, cursor-paginated document listing."""
from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable, Optional

from sqlalchemy import Select, and_, func, or_, select, true
from sqlalchemy.orm import joinedload, selectinload

from jdih.api.tokens import ANONYMOUS, ApiPrincipal
from jdih.catalogue.models import Attachment, Document, Jenis, Term, document_subject
from jdih.catalogue.queries import visible_documents
from jdih.core.audit import AuditEntry
from jdih.core.errors import UserError
from jdih.extensions import db
from jdih.relations.queries import shown_statuses, status_may_change


def with_feed_relations(query: Select) -> Select:
    """Load everything a feed object reads in a handful of queries."""
    return query.options(
        joinedload(Document.bahasa), joinedload(Document.bidang),
        selectinload(Document.subjects), selectinload(Document.attachments))


# -- the JDIHN feed ----------------------------------------------------------------

def feed_documents(page: Optional[int], limit: Optional[int]) -> list[Document]:
    """Published public documents of every type, oldest record first."""
    query = with_feed_relations(visible_documents(ANONYMOUS).order_by(Document.id))
    if limit is not None:
        query = query.limit(limit).offset(((page or 1) - 1) * limit)
    return list(db.session.scalars(query).unique())


@dataclass(frozen=True)
class FeedVersion:
    """What the feed's content depends on, read with one aggregate query."""

    last_updated: Optional[datetime]
    count: int
    attachment_max_id: Optional[int]
    attachment_count: int
    last_attached: Optional[datetime]
    #: The newest audited change: relations and status overrides change a
    #: document's status without touching the document row.
    last_change_id: Optional[int] = None

    @property
    def last_modified(self) -> Optional[datetime]:
        stamps = [as_utc(s) for s in (self.last_updated, self.last_attached) if s is not None]
        return max(stamps) if stamps else None


def as_utc(value: Any) -> Optional[datetime]:
    if value is None:
        return None
    if isinstance(value, str):  # some drivers hand back aggregates as text
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def feed_version() -> FeedVersion:
    docs = visible_documents(ANONYMOUS).with_only_columns(
        func.max(Document.updated_at).label("last_updated"),
        func.count(Document.id).label("count")).subquery()
    files = select(
        func.max(Attachment.id).label("attachment_max_id"),
        func.count(Attachment.id).label("attachment_count"),
        func.max(Attachment.created_at).label("last_attached"),
    ).where(Attachment.is_deleted.is_(False)).subquery()
    changes = select(func.max(AuditEntry.id).label("last_change_id")).subquery()
    # Three one-row aggregates side by side: one round trip.
    row = db.session.execute(select(docs, files, changes).select_from(
        docs.join(files, true()).join(changes, true()))).one()
    return FeedVersion(row.last_updated, row.count, row.attachment_max_id,
                       row.attachment_count, row.last_attached, row.last_change_id)


# -- the API's document listing ----------------------------------------------------

class CursorError(UserError):
    """An API cursor that is not one we issued."""


def pack_cursor(values: list[Any]) -> str:
    """An opaque cursor: URL-safe base64 of the JSON sort key."""
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def unpack_cursor(cursor: str, parse_first: Callable[[str], Any]) -> tuple[Any, int]:
    """(first key, id) of a cursor made by ``pack_cursor``; CursorError if bad."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        first, row_id = json.loads(raw)
        if not isinstance(first, str) or not isinstance(row_id, int) or isinstance(row_id, bool):
            raise TypeError("bad cursor")
        return parse_first(first), row_id
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as error:
        raise CursorError(str(error)) from error


def encode_cursor(doc: Document) -> str:
    return pack_cursor([as_utc(doc.updated_at).isoformat(), doc.id])


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    return unpack_cursor(cursor, lambda stamp: as_utc(datetime.fromisoformat(stamp)))


@dataclass
class DocumentFilters:
    doc_type: Optional[str] = None
    jenis: Optional[str] = None
    year: Optional[int] = None
    status: Optional[str] = None
    subject: Optional[str] = None
    updated_since: Optional[datetime] = None
    #: "partner": only documents shared with partners (partner tokens only).
    visibility: Optional[str] = None
    extra: dict[str, Any] = field(default_factory=dict)


def _jenis_condition(value: str):
    if value.isdigit():
        return Document.jenis_id == int(value)
    lowered = value.strip().lower()
    ids = select(Jenis.id).where(or_(func.lower(Jenis.abbreviation) == lowered,
                                     func.lower(Jenis.name) == lowered))
    return Document.jenis_id.in_(ids)


def _subject_condition(label: str):
    ids = select(document_subject.c.document_id).join(
        Term, Term.id == document_subject.c.term_id).where(
        Term.vocabulary == "subjek", func.lower(Term.label) == label.strip().lower())
    return Document.id.in_(ids)


def _status_condition(wanted: str, principal: ApiPrincipal):
    """Documents whose shown status (``relations.queries.shown_statuses``,
    what the page, the feed and the API body say) is ``wanted``.

    A ruling shows its own status; a document no catalogued relation acts on
    and without an override shows its recorded status: both are read in SQL.
    Only the documents relations or an override may change are derived.
    """
    wanted = wanted.strip().lower()
    derived = status_may_change()
    changing = db.session.scalars(visible_documents(principal).where(
        derived, Document.doc_type != "putusan")).all()
    matching = [doc_id for doc_id, status in shown_statuses(changing).items()
                if (status or "").lower() == wanted]
    return or_(
        and_(Document.doc_type == "putusan", func.lower(Document.status_putusan) == wanted),
        and_(Document.doc_type != "putusan", ~derived, func.lower(Document.status) == wanted),
        Document.id.in_(matching))


def document_listing(principal: ApiPrincipal, filters: DocumentFilters) -> Select:
    """The caller's documents matching ``filters``, ordered by (updated_at, id).

    Keyset order: rows inserted or edited while a client pages through come
    after its cursor, so no row that existed at the start is skipped and
    none is repeated unless it changed meanwhile.
    """
    query = visible_documents(principal)
    if filters.doc_type:
        query = query.where(Document.doc_type == filters.doc_type)
    if filters.jenis:
        query = query.where(_jenis_condition(filters.jenis))
    if filters.year is not None:
        query = query.where(Document.tahun == filters.year)
    if filters.status:
        query = query.where(_status_condition(filters.status, principal))
    if filters.subject:
        query = query.where(_subject_condition(filters.subject))
    if filters.updated_since is not None:
        query = query.where(Document.updated_at >= filters.updated_since)
    if filters.visibility:
        query = query.where(Document.visibility == filters.visibility)
    return query.order_by(Document.updated_at, Document.id)


def page_after(query: Select, cursor: Optional[tuple[datetime, int]], limit: int
               ) -> tuple[list[Document], Optional[str]]:
    """One page of ``query`` after ``cursor``, and the cursor of the next page."""
    if cursor is not None:
        stamp, doc_id = cursor
        query = query.where(or_(Document.updated_at > stamp,
                                and_(Document.updated_at == stamp, Document.id > doc_id)))
    query = query.options(selectinload(Document.subjects)).limit(limit + 1)
    rows = list(db.session.scalars(query).unique())
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(rows[-1]) if more and rows else None


def parse_since(value: str) -> datetime:
    """An ISO date or date-time; naive values are taken as UTC."""
    value = value.strip()
    if len(value) == 10:
        parsed = date.fromisoformat(value)
        return datetime(parsed.year, parsed.month, parsed.day, tzinfo=timezone.utc)
    return as_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
