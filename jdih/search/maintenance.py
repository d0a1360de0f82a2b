"""Checking and repairing the search index: health for monitoring,
`search verify` (record by record against the database), `search reindex`.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Optional

from flask import Flask, current_app
from sqlalchemy.orm import Session

from jdih.extensions import db
from jdih.search import outbox, records
from jdih.search.service import get_backend
from jdih.search.whoosh_store import IndexMissing, IndexUnavailable, RebuildInProgress

log = logging.getLogger(__name__)


@dataclass
class IndexHealth:
    #: "ok", "missing", "corrupt" or "out-of-step".
    state: str
    #: Documents in the index (None when it cannot be read) ...
    indexed: Optional[int]
    #: ... and rows of the database that belong there.
    expected: int
    #: Queued changes not yet applied (they explain a small difference).
    backlog: int = 0

    @property
    def ok(self) -> bool:
        return self.state == "ok"


def index_health(app: Optional[Flask] = None) -> IndexHealth:
    """Whether search can be trusted, for health checks: reads every key
    of the index (so truncated or vanished files show) and counts the
    database's indexable rows. "out-of-step": the counts differ by more
    than the queued changes explain."""
    app = app or current_app._get_current_object()
    backend = get_backend(app)
    with app.app_context(), Session(db.engine) as session:
        expected = len(records.all_keys(session))
        backlog = outbox.backlog(session)
    try:
        indexed = len(backend.keys_with_versions())
    except IndexMissing:
        return IndexHealth("ok" if expected == 0 else "missing", None, expected, backlog)
    except IndexUnavailable:
        return IndexHealth("corrupt", None, expected, backlog)
    state = "ok" if abs(indexed - expected) <= backlog else "out-of-step"
    return IndexHealth(state, indexed, expected, backlog)


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.extra)


def verify(session: Session) -> Drift:
    """Compare the index with the database, record by record."""
    indexed = get_backend().keys_with_versions()
    drift = Drift()
    expected: set[str] = set()
    for record in records.iter_all_records(session):
        expected.add(record.key)
        version = indexed.get(record.key)
        if version is None:
            drift.missing.append(record.key)
        elif version != record.fingerprint():
            drift.stale.append(record.key)
    drift.extra = sorted(set(indexed) - expected)
    return drift


def fix(session: Session, drift: Drift) -> None:
    backend = get_backend()
    to_index, to_remove = records.load_records(session, drift.missing + drift.stale)
    backend.index(to_index)
    backend.remove(drift.extra + to_remove)


def reindex(session: Session, progress=None) -> int:
    """Build a fresh index beside the live one and swap it in; raises
    whoosh_store.RebuildInProgress while another rebuild runs. The queued
    changes committed before it began are in the new index: they are
    acknowledged, not indexed a second time by the next drain."""
    covered = outbox.queued_ids(session)
    count = get_backend().rebuild(records.iter_all_records(session), progress)
    outbox.acknowledge_ids(session, covered)
    session.commit()
    return count


def rebuild_if_unusable(app: Flask) -> bool:
    """The worker's heal: rebuild an index that is missing, unreadable or
    lost its records; True if it rebuilt. Another rebuild running counts
    as healing already."""
    health = index_health(app)
    emptied = health.indexed == 0 and health.expected > health.backlog
    if health.state not in ("missing", "corrupt") and not emptied:
        return False
    with app.app_context():
        try:
            count = reindex(db.session)
        except RebuildInProgress:
            return False
    log.warning("search index rebuilt from the database after it was found unusable (%d records)", count)
    return True


def recover_interrupted_rebuild() -> bool:
    """Clear the marker, journal and half-built generation a crashed
    rebuild left; True if there were any."""
    return get_backend().recover()
