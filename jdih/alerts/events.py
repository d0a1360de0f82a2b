"""Recording alert events in the transaction of the change.

A session listener (installed by create_app through ``install``) looks at
each flush for the facts followers hear about: a relation that amends,
revokes or tests a catalogued document, a new file, a news citation of a
published news item, a document that becomes published. It inserts
``AlertEvent`` rows on the same connection, so a rollback drops them and a
commit keeps them; after the commit the worker is asked to dispatch.
"""
from __future__ import annotations

from typing import Any, Callable, Iterator, Optional

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, insert, inspect, or_, select
from sqlalchemy.orm import Session

from jdih.alerts.models import AlertEvent, Follow, Webhook
from jdih.catalogue.models import Attachment, Document
from jdih.citations.models import STATE_REJECTED, NewsCitation
from jdih.core.timeutil import utcnow
from jdih.relations.models import RESULTS, Relation

DISPATCH_REQUESTER = "jdih_alerts_dispatch"
DIRTY_KEY = "alert_events_dirty"
#: Relation kinds that make an event on their target.
RELATION_EVENTS = {"mengubah": "amended", "mencabut": "revoked", "menguji": "tested"}

Fact = tuple[str, int, dict, Optional[str]]  # kind, document id, detail, dedupe key


def _relation_facts(relation: Relation) -> Iterator[Fact]:
    kind = RELATION_EVENTS.get(relation.kind)
    target_id = relation.target_id or (relation.target.id if relation.target is not None else None)
    if kind is None or target_id is None:
        return
    detail = {"by": relation.source_identity, "by_document_id": relation.source_id,
              "pasal": relation.pasal}
    if relation.result:
        detail["result"] = RESULTS.get(relation.result, relation.result)
    yield kind, target_id, detail, f"relation:{relation.id}"


def _attachment_facts(attachment: Attachment) -> Iterator[Fact]:
    if not attachment.is_deleted and attachment.document_id is not None:
        yield "file_added", attachment.document_id, {"filename": attachment.filename,
                                                     "attachment_id": attachment.id}, \
            f"attachment:{attachment.id}"


def _citation_facts(citation: NewsCitation, session: Session) -> Iterator[Fact]:
    if citation.document_id is None or citation.state == STATE_REJECTED:
        return
    from jdih.news.models import News

    news = session.get(News, citation.news_id)
    if news is None or news.state != "published" or news.is_deleted:
        return
    yield "cited_in_news", citation.document_id, {"news_id": news.id, "news_title": news.title,
                                                  "news_slug": news.slug}, \
        f"news:{news.id}:document:{citation.document_id}"


def _became_published(obj: Any) -> bool:
    state = inspect(obj).attrs.state.history
    return obj.state == "published" and bool(state.added) and "published" not in (state.deleted or ())


def _news_facts(news: Any, session: Session) -> Iterator[Fact]:
    """A news item published now: each document it already cites."""
    rows = session.scalars(select(NewsCitation).where(NewsCitation.news_id == news.id))
    for citation in rows:
        yield from _citation_facts(citation, session)


def _facts(session: Session) -> Iterator[Fact]:
    from jdih.news.models import News

    for obj in list(session.new):
        if isinstance(obj, Relation):
            yield from _relation_facts(obj)
        elif isinstance(obj, Attachment):
            yield from _attachment_facts(obj)
        elif isinstance(obj, NewsCitation):
            yield from _citation_facts(obj, session)
        elif isinstance(obj, Document) and obj.state == "published":
            yield "published", obj.id, {}, f"published:{obj.id}"
    for obj in list(session.dirty):
        if isinstance(obj, Document) and _became_published(obj):
            yield "published", obj.id, {}, f"published:{obj.id}:{obj.version}"
        elif isinstance(obj, News) and _became_published(obj):
            yield from _news_facts(obj, session)


def _record_flushed_facts(session: Session, _context: Any) -> None:
    facts = {}
    for kind, document_id, detail, key in _facts(session):
        facts.setdefault(key, (kind, document_id, detail))
    if not facts:
        return
    connection = session.connection()
    known = set(connection.scalars(select(AlertEvent.dedupe_key).where(AlertEvent.dedupe_key.in_(list(facts)))))
    now = utcnow()
    rows = [{"kind": kind, "document_id": document_id, "detail": detail, "dedupe_key": key, "created_at": now}
            for key, (kind, document_id, detail) in facts.items() if key not in known]
    if rows:
        connection.execute(insert(AlertEvent), rows)
        if _anyone_listens(connection):  # else the worker's minutely run marks them seen
            session.info[DIRTY_KEY] = True


def _anyone_listens(connection: Any) -> bool:
    follows = select(Follow.id).where(Follow.confirmed_at.is_not(None)).exists()
    hooks = select(Webhook.id).where(Webhook.active.is_(True)).exists()
    return bool(connection.scalar(select(or_(follows, hooks))))


def _forget_after_rollback(session: Session) -> None:
    session.info.pop(DIRTY_KEY, None)


def _dispatch_after_commit(session: Session) -> None:
    if session.info.pop(DIRTY_KEY, False) and has_app_context():
        requester = current_app.extensions.get(DISPATCH_REQUESTER)
        if requester is not None:
            requester()


def set_dispatch_requester(app: Flask, requester: Optional[Callable[[], None]]) -> None:
    """Who turns events into mails and deliveries after a commit (the task queue)."""
    app.extensions[DISPATCH_REQUESTER] = requester


CONFIRMATION_SENDER = "jdih_alerts_confirmation"


def set_confirmation_sender(app: Flask, sender: Optional[Callable[[int], Any]]) -> None:
    """Who sends a follow's confirmation mail (the task queue)."""
    app.extensions[CONFIRMATION_SENDER] = sender


def send_confirmation(follow_id: int) -> None:
    """Hand a committed follow's confirmation mail to the queue (or send it now)."""
    sender = current_app.extensions.get(CONFIRMATION_SENDER)
    if sender is None:
        from jdih.alerts.dispatch import send_confirmation as send_now

        send_now(follow_id)
    else:
        sender(follow_id)


def install() -> None:
    """Follow every session's flushes, rollbacks and commits (twice changes nothing)."""
    for name, listener in (("after_flush", _record_flushed_facts),
                           ("after_rollback", _forget_after_rollback),
                           ("after_commit", _dispatch_after_commit)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
