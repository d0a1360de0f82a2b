"""News items and their photos."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jdih.accounts.models import User
from jdih.extensions import db
from jdih.core.timeutil import utcnow

STATE_DRAFT = "draft"
STATE_PUBLISHED = "published"
STATE_LABELS = {STATE_DRAFT: "Draf", STATE_PUBLISHED: "Terbit"}


def unparenthesised(credit: str) -> str:
    """'(rhd/ed)' -> 'rhd/ed': pages put the credit in parentheses, so one
    typed with them would show twice. '(a) dan (b)' is left as it is."""
    text = credit.strip()
    while text.startswith("(") and text.endswith(")") and _closes_at_end(text):
        text = text[1:-1].strip()
    return text


def _closes_at_end(text: str) -> bool:
    """Whether the opening parenthesis of ``text`` is closed by its last character."""
    depth = 0
    for position, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return position == len(text) - 1
    return False


class News(db.Model):
    """One news item (berita). The body is sanitised HTML; ``body_text`` is
    its text content, the string citation spans point into."""

    __tablename__ = "news"
    __table_args__ = (Index("ix_news_listing", "state", "is_deleted", "news_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The readable URL segment; set once, kept when the title changes.
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    news_date: Mapped[date] = mapped_column(Date)
    place: Mapped[Optional[str]] = mapped_column(String(200))
    #: Sanitised HTML (jdih.news.sanitize); never rendered unsanitised.
    body_html: Mapped[str] = mapped_column(Text, default="")
    #: The text content of ``body_html`` (jdih.news.htmltext.plain_text).
    body_text: Mapped[str] = mapped_column(Text, default="")
    #: Author and photographer initials, e.g. "rhd/ed. Foto: awh/KPU Kota Semarang".
    credit: Mapped[Optional[str]] = mapped_column(String(300))

    @property
    def credit_shown(self) -> str:
        """The credit in parentheses once, also for items saved before
        operations stripped typed parentheses."""
        return f"({unparenthesised(self.credit)})" if self.credit else ""
    #: Free keywords, in the order staff typed them.
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Set by importers so that importing the same file twice adds nothing.
    import_key: Mapped[Optional[str]] = mapped_column(String(200), unique=True)

    state: Mapped[str] = mapped_column(String(20), default=STATE_DRAFT)
    is_deleted: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))
    created_by: Mapped[Optional[User]] = relationship(foreign_keys=[created_by_id])
    #: Bumped by every UPDATE and checked in its WHERE clause, so a save
    #: based on an older version is refused (jdih.core.versioning).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    photos: Mapped[list["NewsPhoto"]] = relationship(
        order_by="NewsPhoto.id",
        primaryjoin="and_(NewsPhoto.news_id == News.id, NewsPhoto.is_deleted == False)",
        viewonly=True)

    audit_type = "news"

    #: News is public once published; ``can_read`` asks for a visibility.
    visibility = "public"

    @property
    def is_published(self) -> bool:
        return self.state == STATE_PUBLISHED

    @property
    def audit_label(self) -> str:
        return self.title

    def __repr__(self) -> str:
        return f"<News {self.id} {self.slug}>"


class NewsPhoto(db.Model):
    """A photo of a news item. The bytes live in the content-addressed
    FileStore; type and size are kept here (no StoredFile row, so the
    catalogue's orphan report never counts news photos as unused)."""

    __tablename__ = "news_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    news_id: Mapped[int] = mapped_column(ForeignKey("news.id"), index=True)
    news: Mapped[News] = relationship()
    sha256: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    filename: Mapped[str] = mapped_column(String(255))
    caption: Mapped[Optional[str]] = mapped_column(String(300))
    is_deleted: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    audit_type = "news_photo"

    @property
    def audit_label(self) -> str:
        return self.caption or self.filename


class WorklistDismissal(db.Model):
    """A cited identity staff chose not to catalogue (not a legal document,
    out of scope, a typo in the news): the worklist leaves it out, also
    after the news is saved again and its citations re-extracted."""

    __tablename__ = "worklist_dismissal"

    id: Mapped[int] = mapped_column(primary_key=True)
    identity: Mapped[str] = mapped_column(String(200), unique=True)
    dismissed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))
    dismissed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    audit_type = "worklist"

    @property
    def audit_label(self) -> str:
        return self.identity
