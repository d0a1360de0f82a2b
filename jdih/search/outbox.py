"""The search outbox: the index follows the database, durably.

Every flush that touches an indexed row writes the row's key into the
``search_outbox`` table *in the same transaction* (so a rollback drops it
and a commit keeps it, whatever was flushed when). After a commit the
process drains the outbox: one drainer at a time (a file lock with a
timeout) reads the current rows for the queued keys, writes them to the
index and deletes the queue entries it handled. If the process dies in
between, the entries stay and the next drain (any later commit, the
next search request, or ``flask search drain``) heals the index.

When the index lives in the same database (the PostgreSQL backend) there is
nothing to queue: the keys are kept on the session instead
(``pending_keys``) and the service writes their index rows just before the
commit, in the same transaction (service._index_in_transaction).
"""
from __future__ import annotations

import fcntl
import logging
import os
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Callable, Iterator

from sqlalchemy import DateTime, String, delete, event, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from jdih.extensions import db
from jdih.search.tracking import TRACKED
from jdih.core.timeutil import utcnow

log = logging.getLogger(__name__)


class SearchOutbox(db.Model):
    """A key whose index entry must be refreshed from the database."""

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "document:12", "news:3"
    key: Mapped[str] = mapped_column(String(80), index=True)
    enqueued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def _changed_keys(session: Session) -> set[str]:
    keys: set[str] = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        keys_of = TRACKED.get(type(obj))
        if keys_of is None:
            continue
        if obj in session.dirty and not session.is_modified(obj, include_collections=True):
            continue
        keys.update(key for key in keys_of(obj) if key)
    return keys


#: session.info key of the changed keys awaiting an in-transaction index write.
PENDING_KEYS = "search_pending_keys"
#: session -> True when the index is written in the session's own transaction.
_writes_in_transaction: Callable[[Session], bool] = lambda session: False


def pending_keys(session: Session) -> set[str]:
    """Keys changed in this transaction whose index rows are not written yet
    (in-transaction mode); taking them empties the set."""
    return session.info.pop(PENDING_KEYS, set())


def _enqueue_flushed_changes(session: Session, _context) -> None:
    keys = _changed_keys(session)
    if keys and _writes_in_transaction(session):
        session.info.setdefault(PENDING_KEYS, set()).update(keys)
    elif keys:
        now = utcnow()
        session.connection().execute(insert(SearchOutbox), [
            {"key": key, "enqueued_at": now} for key in sorted(keys)])
        session.info["search_outbox_dirty"] = True


def enqueue(session: Session, keys: list[str]) -> None:
    """Queue keys whose rows did not change but whose index entry must
    (a status that changed because a date passed); the caller commits."""
    if keys:
        now = utcnow()
        session.execute(insert(SearchOutbox), [{"key": key, "enqueued_at": now} for key in keys])
        session.info["search_outbox_dirty"] = True


def _forget_after_rollback(session: Session) -> None:
    session.info.pop("search_outbox_dirty", None)
    session.info.pop(PENDING_KEYS, None)


def committed_changes(session: Session) -> bool:
    """After a commit: did it queue keys? (Asked once; the answer is consumed.)"""
    return session.info.pop("search_outbox_dirty", False)


def install(writes_in_transaction: Callable[[Session], bool] | None = None) -> None:
    """Follow every session's flushes and rollbacks (create_app calls this
    through the search service; calling it twice changes nothing).
    `writes_in_transaction(session)` says whether that session's index is
    written in its own transaction, so nothing is queued for it."""
    global _writes_in_transaction
    if writes_in_transaction is not None:
        _writes_in_transaction = writes_in_transaction
    for name, listener in (("after_flush", _enqueue_flushed_changes),
                           ("after_rollback", _forget_after_rollback)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


@contextmanager
def drain_lock(index_dir: str, timeout: float) -> Iterator[bool]:
    """Hold the one-drainer lock; yields False if it could not be had in time."""
    os.makedirs(index_dir, exist_ok=True)
    with open(os.path.join(index_dir, "drain.lock"), "a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.02)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def pending(session: Session, limit: int) -> list[SearchOutbox]:
    return list(session.scalars(select(SearchOutbox).order_by(SearchOutbox.id).limit(limit)))


def acknowledge(session: Session, entries: list[SearchOutbox]) -> None:
    session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([e.id for e in entries])))


def queued_ids(session: Session) -> list[int]:
    """The ids of the committed entries (a rebuild starting now covers them)."""
    return list(session.scalars(select(SearchOutbox.id)))


def acknowledge_ids(session: Session, ids: list[int], chunk: int = 5000) -> None:
    for start in range(0, len(ids), chunk):
        session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(ids[start:start + chunk])))


def backlog(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SearchOutbox)) or 0


def oldest_entry_age(session: Session) -> float | None:
    """Seconds since the oldest queued entry was written, or None if empty."""
    oldest = session.scalar(select(SearchOutbox.enqueued_at).order_by(SearchOutbox.id).limit(1))
    if oldest is None:
        return None
    if oldest.tzinfo is None:  # SQLite returns naive datetimes
        oldest = oldest.replace(tzinfo=timezone.utc)
    return (utcnow() - oldest).total_seconds()
