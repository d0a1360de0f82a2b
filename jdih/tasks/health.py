"""What /healthz checks: database, search index, the worker and its queues.

Each check answers (ok, details); the load balancer only reads the status
code, people read the details.
"""
from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from flask import Flask
from sqlalchemy import text

from jdih.extensions import db
from jdih.ops import fixity
from jdih.search import maintenance, outbox
from jdih.tasks import jobs
from jdih.tasks.queue import get_queue

log = logging.getLogger(__name__)
#: Outbox entries older than this mean nobody drains.
OUTBOX_STALE_SECONDS = 300.0


def check_database() -> tuple[bool, dict]:
    db.session.execute(text("SELECT 1"))
    return True, {}


def check_index() -> tuple[bool, dict]:
    """The search service's own judgement: the index is there, readable and
    in step with the database (give or take what is queued)."""
    health = maintenance.index_health()
    return health.state == "ok", asdict(health)


def check_fixity() -> tuple[bool, dict]:
    """The last scheduled check of the stored files against their SHA-256
    (none yet is not a failure: a new installation has not run it)."""
    last = fixity.last_result()
    if last is None:
        return True, {"checked": None}
    return bool(last["ok"]), last


def check_queue(app: Flask) -> tuple[bool, dict]:
    queue = get_queue(app)
    oldest_entry = outbox.oldest_entry_age(db.session)
    oldest_job = jobs.oldest_open_age()
    details: dict[str, Any] = {
        "depth": queue.depth(), "outbox": outbox.backlog(db.session),
        "outbox_oldest_seconds": oldest_entry, "job_oldest_seconds": oldest_job,
    }
    ok = (oldest_entry or 0) < OUTBOX_STALE_SECONDS
    ok = ok and (oldest_job or 0) < float(app.config["TASK_STALE_SECONDS"])
    if not queue.immediate:
        seen = queue.worker_seen_seconds()
        details["worker_seen_seconds"] = seen
        ok = ok and seen is not None and seen <= float(app.config["WORKER_STALE_SECONDS"])
    return ok, details


def report(app: Flask) -> tuple[bool, dict]:
    checks: dict[str, Any] = {}
    healthy = True
    for name, check in (("database", check_database), ("index", check_index),
                        ("queue", lambda: check_queue(app)), ("files", check_fixity)):
        try:
            ok, details = check()
        except Exception as error:  # a check that cannot run is a failed check
            log.exception("health check %s failed", name)
            db.session.rollback()
            ok, details = False, {"error": type(error).__name__}
        checks[name] = {"ok": ok, **details}
        healthy = healthy and ok
    return healthy, checks
