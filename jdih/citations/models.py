"""Stored citations of news items, staff decisions about them, and the
alias table for laws cited by name ("UU Pemilu")."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jdih.catalogue.models import Document
from jdih.extensions import db
from jdih.core.timeutil import utcnow

STATE_SUGGESTED = "suggested"
STATE_CONFIRMED = "confirmed"
STATE_REJECTED = "rejected"
STATE_MANUAL = "manual"
STATE_LABELS = {
    STATE_SUGGESTED: "Saran otomatis",
    STATE_CONFIRMED: "Dikonfirmasi",
    STATE_REJECTED: "Ditolak",
    STATE_MANUAL: "Ditautkan manual",
}


class NewsCitation(db.Model):
    """One mention of a legal document in a news body.

    Rebuilt from the parser each time the news item is saved; staff
    decisions live in ``CitationDecision`` and are applied again then.
    """

    __tablename__ = "news_citation"
    __table_args__ = (Index("ix_news_citation_pending", "document_id", "identity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    news_id: Mapped[int] = mapped_column(ForeignKey("news.id", ondelete="CASCADE"), index=True)
    #: Span in ``News.body_text``.
    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(20), index=True)
    number: Mapped[Optional[str]] = mapped_column(String(120))
    year: Mapped[Optional[int]]
    pinpoint: Mapped[Optional[str]] = mapped_column(String(200))
    #: Canonical alias of a law cited by name only ("Pemilu").
    name: Mapped[Optional[str]] = mapped_column(String(120))
    #: Issuing ministry, region or court, when the parser gives one.
    issuer: Mapped[Optional[str]] = mapped_column(String(200))
    #: The canonical identity the citation names, when it names exactly one
    #: (kept for citations to documents not catalogued yet).
    identity: Mapped[Optional[str]] = mapped_column(String(200), index=True)
    document_id: Mapped[Optional[int]] = mapped_column(ForeignKey("document.id"), index=True)
    document: Mapped[Optional[Document]] = relationship()
    #: suggested / confirmed / rejected / manual.
    state: Mapped[str] = mapped_column(String(20), default=STATE_SUGGESTED)
    #: What decisions are remembered by: the identity, else the normalised text.
    decision_key: Mapped[str] = mapped_column(String(300))

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def is_linked(self) -> bool:
        return self.document_id is not None and self.state != STATE_REJECTED


class CitationDecision(db.Model):
    """A staff decision about what a news item cites, kept across re-saves.

    ``key`` is a citation's ``decision_key``; for links added by hand to a
    phrase the parser did not find, ``phrase`` is that phrase.
    """

    __tablename__ = "citation_decision"
    __table_args__ = (UniqueConstraint("news_id", "key", name="uq_citation_decision_news_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    news_id: Mapped[int] = mapped_column(ForeignKey("news.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(300))
    state: Mapped[str] = mapped_column(String(20))
    document_id: Mapped[Optional[int]] = mapped_column(ForeignKey("document.id"))
    document: Mapped[Optional[Document]] = relationship()
    phrase: Mapped[Optional[str]] = mapped_column(String(300))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))


class CitationAlias(db.Model):
    """A law known by name: (type "UU", name "Pemilu") -> "UU 7/2017".

    ``name`` is the parser's canonical alias (Citation.name), compared
    case-insensitively; ``target_identity`` is a normalised identity, so an
    alias works before its document is catalogued.
    """

    __tablename__ = "citation_alias"
    __table_args__ = (UniqueConstraint("citation_type", "name", name="uq_citation_alias_citation_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    citation_type: Mapped[str] = mapped_column(String(20), default="UU")
    #: Stored upper-cased ("PEMILU"); ``label`` keeps the spelling for people.
    name: Mapped[str] = mapped_column(String(120))
    label: Mapped[str] = mapped_column(String(200), default="")
    target_identity: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    audit_type = "citation_alias"

    @property
    def audit_label(self) -> str:
        return f"{self.label or self.name} \u2192 {self.target_identity}"
