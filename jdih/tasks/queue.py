"""The task queue: Huey, one instance per app.

Why Huey: small, maintained, no server of its own needed. It stores its
queue in a SQLite file by default (so ``make run`` stays one command) and
in Redis in production (``JDIH_REDIS_URL``), with retries, exponential
backoff, periodic tasks and a consumer with graceful shutdown. It does not
acknowledge messages; the job ledger (``jobs``) does that for the jobs
that must not be lost, and the other tasks are idempotent and repeated by
the scheduler (the search outbox is its own ledger).

Tests and ``TASKS_IMMEDIATE`` run every task inline when it is enqueued.
"""
from __future__ import annotations

import functools
import logging
import os
import time
from dataclasses import dataclass
from typing import Any, Callable

from flask import Flask, current_app
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab

from jdih.core.jobs import JobView
from jdih.tasks import definitions, jobs
from jdih.tasks.models import DONE, Job

log = logging.getLogger(__name__)
EXTENSION = "jdih_tasks"
WORKER_BEAT_KEY = "worker-heartbeat"
#: Set while a drain is queued: commits in between add nothing to the queue.
DRAIN_QUEUED_KEY = "search-drain-queued"
#: Set while a rebuild of an unusable index is queued or running.
REBUILD_QUEUED_KEY = "search-rebuild-queued"
#: Set while an alerts dispatch is queued.
ALERTS_QUEUED_KEY = "alerts-dispatch-queued"
#: Set while an OCR run is queued.
OCR_QUEUED_KEY = "ocr-run-queued"


@dataclass
class TaskQueue:
    """The app's queue and its tasks (callables that enqueue)."""

    app: Flask
    huey: Huey
    tasks: dict[str, Any]

    @property
    def immediate(self) -> bool:
        return self.huey.immediate

    def submit(self, name: str, payload: dict, user_id: int | None = None) -> int:
        """Record a ledger job, commit, enqueue; returns the job id."""
        from jdih.extensions import db

        job_id = jobs.create(name, payload, user_id).id
        db.session.commit()
        self.tasks["run_job"](job_id)
        return job_id

    def status(self, job_id: int) -> JobView | None:
        from jdih.extensions import db

        job = db.session.get(Job, job_id)
        if job is None:
            return None
        progress = (jobs.progress(self.huey, job_id) or {}) if not job.finished else {}
        return JobView(id=job.id, name=job.name, state=job.state, state_label=job.state_label,
                       finished=job.finished, succeeded=job.state == DONE, message=job.message or "",
                       done=int(progress.get("done", 0)), total=int(progress.get("total", 0)),
                       payload=dict(job.payload or {}))

    def request_drain(self) -> None:
        """The search outbox has entries: have one writer drain it, once."""
        if self.huey.immediate or self.huey.put_if_empty(DRAIN_QUEUED_KEY, 1):
            self.tasks["search_drain"]()

    def request_rebuild(self) -> None:
        """The index is unusable: have it rebuilt, once, however many
        searches notice at the same time."""
        if self.huey.immediate or self.huey.put_if_empty(REBUILD_QUEUED_KEY, 1):
            self.tasks["search_rebuild"]()

    def request_alerts(self) -> None:
        """Alert events were committed: have them mailed and delivered, once
        for however many commits come before the worker takes it."""
        if self.huey.immediate or self.huey.put_if_empty(ALERTS_QUEUED_KEY, 1):
            self.tasks["alerts_dispatch"]()

    def request_ocr(self) -> None:
        """Scanned pages were queued: have the worker read them, once for
        however many uploads come before it takes the task."""
        if self.huey.immediate or self.huey.put_if_empty(OCR_QUEUED_KEY, 1):
            self.tasks["ocr_run"]()

    def depth(self) -> int:
        return self.huey.pending_count()

    def worker_seen_seconds(self) -> float | None:
        beat = self.huey.get(WORKER_BEAT_KEY, peek=True)
        return None if beat is None else max(0.0, time.time() - beat)

    def beat(self) -> None:
        self.huey.put(WORKER_BEAT_KEY, time.time())


def build_huey(config: dict) -> Huey:
    name = config.get("TASK_QUEUE_NAME") or "jdih"
    if config.get("TASKS_IMMEDIATE"):
        return MemoryHuey(name, immediate=True)
    if config.get("REDIS_URL"):
        return RedisHuey(name, url=config["REDIS_URL"])
    path = config["TASKS_SQLITE_PATH"]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return SqliteHuey(name, filename=path)


def _in_app(app: Flask, function: Callable) -> Callable:
    """Run ``function`` in an app context of its own (a session of its own)."""
    @functools.wraps(function)
    def run(*args, **kwargs):
        with app.app_context():
            return function(*args, **kwargs)
    return run


def _register(app: Flask, huey: Huey) -> TaskQueue:
    config = app.config
    stale = float(config["TASK_STALE_SECONDS"])
    attempts = int(config["TASK_RETRIES"]) + 1
    tasks: dict[str, Any] = {}

    def run_job(job_id: int) -> None:
        jobs.run(huey, job_id, definitions.JOBS, attempts, stale, definitions.AFTER)

    def drain() -> int:
        huey.delete(DRAIN_QUEUED_KEY)  # commits from now on enqueue another drain
        return definitions.drain_search(app)

    def heal() -> bool:
        try:
            return definitions.heal_search(app)
        finally:  # a crash leaves the key behind: the scheduled check clears it
            huey.delete(REBUILD_QUEUED_KEY)

    def dispatch_alerts() -> int:
        huey.delete(ALERTS_QUEUED_KEY)  # commits from now on enqueue another run
        return definitions.dispatch_alerts()

    def run_ocr() -> int:
        huey.delete(OCR_QUEUED_KEY)  # uploads from now on enqueue another run
        # Inline (tests) a file is read whole; in the worker a run hands its
        # thread back after a slice and continues behind what waits.
        pages, more = definitions.run_ocr(None if huey.immediate else float(config["OCR_SLICE_SECONDS"]))
        if more:
            queue.request_ocr()
        return pages

    def recover() -> list[int]:
        queue.beat()
        return jobs.recover(huey, tasks["run_job"], stale)

    tasks["run_job"] = huey.task(retries=int(config["TASK_RETRIES"]), retry_delay=float(config["TASK_RETRY_DELAY"]),
                                 retry_backoff=2, name="run_job")(_in_app(app, run_job))
    tasks["search_drain"] = huey.task(name="search_drain")(_in_app(app, drain))
    tasks["search_rebuild"] = huey.task(name="search_rebuild")(_in_app(app, heal))
    tasks["feed_rebuild"] = huey.task(name="feed_rebuild")(_in_app(app, definitions.rebuild_feed))
    tasks["status_reindex"] = huey.task(name="status_reindex")(_in_app(app, definitions.reindex_status_changes))
    tasks["alerts_dispatch"] = huey.task(name="alerts_dispatch")(_in_app(app, dispatch_alerts))
    tasks["alerts_confirm"] = huey.task(retries=int(config["TASK_RETRIES"]), retry_delay=float(
        config["TASK_RETRY_DELAY"]), name="alerts_confirm")(_in_app(app, definitions.send_follow_confirmation))
    tasks["ocr_run"] = huey.task(name="ocr_run")(_in_app(app, run_ocr))
    # Repeated by the scheduler: what a lost message or a crash left behind.
    # (Alerts: webhook retries that came due, mails whose send failed.)
    huey.periodic_task(crontab(minute="*"), name="alerts_dispatch_periodic")(_in_app(app, dispatch_alerts))
    huey.periodic_task(crontab(minute="*"), name="search_drain_periodic")(_in_app(app, drain))
    huey.periodic_task(crontab(minute="*"), name="recover_jobs")(_in_app(app, recover))
    # OCR files queued while no worker ran, or left running by a worker that died.
    huey.periodic_task(crontab(minute="*"), name="ocr_run_periodic")(_in_app(app, run_ocr))
    huey.periodic_task(crontab(minute="*"), name="search_heal_periodic")(_in_app(app, heal))
    hour, minute = (int(part) for part in str(config["STATUS_REINDEX_AT"]).split(":"))
    huey.periodic_task(crontab(hour=str(hour), minute=str(minute)), name="status_reindex_daily")(
        _in_app(app, definitions.reindex_status_changes))
    hour, minute = (int(part) for part in str(config["FIXITY_CHECK_AT"]).split(":"))
    huey.periodic_task(crontab(hour=str(hour), minute=str(minute)), name="fixity_daily")(
        _in_app(app, definitions.check_files))
    hour, minute = (int(part) for part in str(config["ALERT_DIGEST_AT"]).split(":"))
    huey.periodic_task(crontab(hour=str(hour), minute=str(minute)), name="alerts_digest_daily")(
        _in_app(app, definitions.send_alert_digest))
    queue = TaskQueue(app, huey, tasks)
    return queue


def init_app(app: Flask) -> TaskQueue:
    queue = _register(app, build_huey(app.config))
    app.extensions[EXTENSION] = queue
    return queue


def get_queue(app: Flask | None = None) -> TaskQueue:
    return (app or current_app).extensions[EXTENSION]
