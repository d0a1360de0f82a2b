"""Follows, the event outbox, webhooks and their delivery log."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jdih.core.timeutil import utcnow
from jdih.extensions import db

def iso(value: Optional[datetime]) -> Optional[str]:
    """RFC 3339 in UTC (SQLite hands back naive UTC datetimes)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


#: What can be followed: kind -> Indonesian label.
TARGET_KINDS = {
    "document": "Dokumen",
    "search": "Pencarian tersimpan",
    "subject": "Subjek",
    "type": "Tipe dokumen",
}
FREQUENCIES = {"immediate": "Segera", "daily": "Ringkasan harian"}

#: Event kinds -> Indonesian phrase used in mails.
EVENT_LABELS = {
    "amended": "diubah",
    "revoked": "dicabut",
    "tested": "diuji di pengadilan",
    "file_added": "mendapat berkas baru",
    "cited_in_news": "disebut dalam berita baru",
    "published": "terbit",
}
#: Events about the followed document itself; "published" matches the others.
DOCUMENT_EVENTS = ("amended", "revoked", "tested", "file_added", "cited_in_news")


class Follow(db.Model):
    """One address following one target; active once confirmed."""

    __tablename__ = "alert_follow"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    #: Set when a signed-in account follows: mails are filtered by its access.
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    target_kind: Mapped[str] = mapped_column(String(20))
    #: Document id, query string, subject term id or doc_type key.
    target_value: Mapped[str] = mapped_column(String(500))
    frequency: Mapped[str] = mapped_column(String(20), default="immediate")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    confirmed_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    #: The last event already considered for this follow (mails never repeat).
    cursor: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None


class AlertEvent(db.Model):
    """Something a follower or webhook may hear about, written in the
    transaction of the change (an outbox: a rollback drops it)."""

    __tablename__ = "alert_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    #: What happened, for the mail and the payload (other document, result...).
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Stops the same fact being recorded twice (a news item saved again).
    dedupe_key: Mapped[Optional[str]] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: Set once webhook deliveries were created for it.
    fanned_out_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))


class Webhook(db.Model):
    """A partner's URL receiving signed JSON for events it may read."""

    __tablename__ = "alert_webhook"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_token.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    #: HMAC-SHA256 key, shown to the partner once when created.
    secret: Mapped[str] = mapped_column(String(100))
    #: Null: every event; else the same targets as follows.
    target_kind: Mapped[Optional[str]] = mapped_column(String(20))
    target_value: Mapped[Optional[str]] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    disabled_reason: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WebhookDelivery(db.Model):
    """One event for one webhook: attempts, the last answer, when to retry."""

    __tablename__ = "alert_webhook_delivery"

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("alert_webhook.id", ondelete="CASCADE"), index=True)
    webhook: Mapped[Webhook] = relationship()
    event_id: Mapped[int] = mapped_column(ForeignKey("alert_event.id", ondelete="CASCADE"))
    event: Mapped[AlertEvent] = relationship()
    #: pending / delivered / failed (gave up) / dropped (no longer allowed).
    state: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_status: Mapped[Optional[int]] = mapped_column(Integer)
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
