"""Turning recorded events into mails: one mail per recipient per run.

``send_follow_mails("immediate")`` runs after each commit that recorded
events (one mail per recipient for that batch); ``"daily"`` runs once a
day (one digest per recipient). Each follow keeps a cursor, the last event
it considered, advanced only after the mails went out, so a failed send
is tried again by the next run and a sent one never repeats.

Nothing is mailed about a document the recipient may not read when the
mail is built: an anonymous follower reads as the public, an account as
itself (``jdih.accounts.access.can_read``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Optional

from flask import current_app, url_for
from sqlalchemy import func, select

from jdih.accounts.access import can_read
from jdih.alerts import mail, operations
from jdih.alerts.matching import matches
from jdih.alerts.models import EVENT_LABELS, AlertEvent, Follow, WebhookDelivery
from jdih.catalogue.models import Document
from jdih.extensions import db

log = logging.getLogger(__name__)
#: Events read per run; a longer backlog is taken by the next run.
BATCH = 2000


@dataclass
class Item:
    """One line of a mail: an event about a document, for one follow."""

    follow: Follow
    event: AlertEvent
    doc: Document
    label: str
    url: str
    summary: str
    unsubscribe_url: str


@dataclass
class Recipient:
    email: str
    user_id: Optional[int]
    items: list[Item] = field(default_factory=list)


def summary(event: AlertEvent, doc: Document) -> str:
    """One Indonesian sentence: what happened to the document."""
    name = doc.display_identity or doc.judul
    detail = event.detail or {}
    text = f"{name} {EVENT_LABELS.get(event.kind, event.kind)}"
    if event.kind in ("amended", "revoked", "tested") and detail.get("by"):
        text += f" oleh {detail['by']}"
    if detail.get("result"):
        text += f" (hasil: {detail['result']})"
    if detail.get("pasal"):
        text += f"; pasal: {detail['pasal']}"
    if event.kind == "file_added" and detail.get("filename"):
        text += f": {detail['filename']}"
    if event.kind == "cited_in_news" and detail.get("news_title"):
        text += f": \u201c{detail['news_title']}\u201d"
    return text + "."


def _news_readable(event: AlertEvent) -> bool:
    if event.kind != "cited_in_news":
        return True
    from jdih.news.models import News

    news = db.session.get(News, (event.detail or {}).get("news_id") or 0)
    return news is not None and news.state == "published" and not news.is_deleted


def _item(follow: Follow, event: AlertEvent, doc: Document, principal: Any) -> Optional[Item]:
    if not matches(follow.target_kind, follow.target_value, event, doc):
        return None
    if not can_read(doc, principal) or not _news_readable(event):
        return None
    return Item(follow, event, doc, operations.target_label(follow),
                url_for("catalogue.detail", slug=doc.slug, _external=True), summary(event, doc),
                url_for("alerts.unsubscribe", token=operations.unsubscribe_token(follow), _external=True))


def _collect(follows: list[Follow], events: list[AlertEvent]) -> dict[tuple, Recipient]:
    docs = {doc.id: doc for doc in db.session.scalars(
        select(Document).where(Document.id.in_({e.document_id for e in events})))}
    recipients: dict[tuple, Recipient] = {}
    for follow in follows:
        principal = operations.principal_of(follow)
        for event in events:
            doc = docs.get(event.document_id)
            if event.id <= follow.cursor or doc is None:
                continue
            item = _item(follow, event, doc, principal)
            if item is not None:
                key = (follow.email, follow.user_id)
                recipients.setdefault(key, Recipient(follow.email, follow.user_id)).items.append(item)
    return recipients


def _message(recipient: Recipient, frequency: str):
    count = len(recipient.items)
    subject = (f"[{current_app.config['SITE_NAME']}] " +
               (f"Ringkasan harian: {count} kabar dokumen yang Anda ikuti" if frequency == "daily"
                else recipient.items[0].summary if count == 1 else f"{count} kabar dokumen yang Anda ikuti"))
    unsubscribe_all = url_for("alerts.unsubscribe", _external=True,
                              token=operations.unsubscribe_all_token(recipient.email, recipient.user_id))
    return mail.build(recipient.email, subject, "update", unsubscribe_all,
                      items=recipient.items, daily=frequency == "daily",
                      manage_url=url_for("alerts.manage", _external=True))


def send_follow_mails(frequency: str) -> int:
    """One run for ``frequency``; returns the number of mails sent."""
    with current_app.test_request_context(base_url=current_app.config["SITE_URL"]):
        follows = list(db.session.scalars(
            select(Follow).where(Follow.confirmed_at.is_not(None), Follow.frequency == frequency)
            .order_by(Follow.id).with_for_update(skip_locked=True)))
        if not follows:
            db.session.rollback()
            return 0
        low = min(follow.cursor for follow in follows)
        events = list(db.session.scalars(select(AlertEvent).where(AlertEvent.id > low)
                                         .order_by(AlertEvent.id).limit(BATCH)))
        if not events:
            db.session.rollback()
            return 0
        recipients = _collect(follows, events)
        sent = mail.send([_message(r, frequency) for r in recipients.values()])
        last = events[-1].id
        for follow in follows:
            follow.cursor = max(follow.cursor, last)
        db.session.commit()
        log.info("alert mails sent", extra={"frequency": frequency, "mails": sent, "events": len(events)})
        return sent


def send_confirmation(follow_id: int) -> bool:
    """The double opt-in mail for a follow waiting for confirmation."""
    with current_app.test_request_context(base_url=current_app.config["SITE_URL"]):
        follow = db.session.get(Follow, follow_id)
        if follow is None or follow.is_active:
            return False
        message = mail.build(
            follow.email, f"[{current_app.config['SITE_NAME']}] Konfirmasi langganan: "
                          f"{operations.target_label(follow)}", "confirm", None,
            label=operations.target_label(follow),
            confirm_url=url_for("alerts.confirm", token=operations.confirm_token(follow), _external=True),
            days=int(current_app.config["ALERT_CONFIRM_DAYS"]))
        mail.send([message])
        return True


def backlog() -> int:
    """Events newer than the oldest active cursor (for health pages and tests)."""
    low = db.session.scalar(select(func.min(Follow.cursor)).where(Follow.confirmed_at.is_not(None)))
    if low is None:
        return 0
    return db.session.scalar(select(func.count(AlertEvent.id)).where(AlertEvent.id > low)) or 0


def prune(keep_days: int) -> int:
    """Forget events older than ``keep_days`` that every follow has passed
    and webhooks have fanned out (their delivery log goes with them)."""
    from datetime import timedelta

    from sqlalchemy import delete

    from jdih.core.timeutil import utcnow

    low = db.session.scalar(select(func.min(Follow.cursor)).where(Follow.confirmed_at.is_not(None)))
    condition = [AlertEvent.created_at < utcnow() - timedelta(days=keep_days),
                 AlertEvent.fanned_out_at.is_not(None)]
    if low is not None:
        condition.append(AlertEvent.id <= low)
    ids = list(db.session.scalars(select(AlertEvent.id).where(*condition)))
    if ids:  # deliveries first: SQLite may not enforce ON DELETE CASCADE
        db.session.execute(delete(WebhookDelivery).where(WebhookDelivery.event_id.in_(ids)))
        db.session.execute(delete(AlertEvent).where(AlertEvent.id.in_(ids)))
    db.session.commit()
    return len(ids)
