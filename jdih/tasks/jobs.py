"""Running ledger jobs: claim, work, acknowledge; retry, bury, recover.

A job is acknowledged by the same commit that keeps its work (the import's
rows and ``state = done`` go in one transaction), so a worker that dies
mid-job leaves it ``running`` with a heartbeat that stops moving;
``recover`` enqueues it again. Progress and heartbeat live in the queue's
key-value store, not in the database: a long import holds the SQLite write
lock for its whole transaction, and nothing else may write meanwhile.
"""
from __future__ import annotations

import logging
import time
import traceback
from datetime import timedelta
from typing import Any, Callable, Optional

from sqlalchemy import or_, select, update

from jdih.core.errors import UserError
from jdih.core.timeutil import utcnow
from jdih.extensions import db
from jdih.tasks.models import DEAD, DONE, FAILED, QUEUED, RETRYING, RUNNING, Job

log = logging.getLogger(__name__)

#: work(payload, progress) -> message for people; it must not commit.
Work = Callable[[dict, Callable[[int, int], None]], Optional[str]]


class JobRefused(UserError):
    """The job cannot succeed however often it is tried (bad data): it fails
    at once with ``message`` for people instead of being retried."""


def create(name: str, payload: dict, user_id: Optional[int] = None) -> Job:
    """Record a job in the current session (the caller commits, then enqueues)."""
    job = Job(name=name, payload=payload, user_id=user_id, state=QUEUED, attempts=0)
    db.session.add(job)
    db.session.flush()
    return job


def _progress_key(job_id: int) -> str:
    return f"job-progress:{job_id}"


def progress(huey: Any, job_id: int) -> Optional[dict]:
    """{"done", "total", "at"} as the worker last reported it, or None."""
    return huey.get(_progress_key(job_id), peek=True)


def _reporter(huey: Any, job_id: int, every: float = 0.5) -> Callable[[int, int], None]:
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.time()
        if now - last[0] >= every or done >= total:
            last[0] = now
            huey.put(_progress_key(job_id), {"done": done, "total": total, "at": now})
    return report


def _claim(job_id: int, stale_before) -> bool:
    """Take the job: only one worker can (compare-and-set on its state)."""
    claimable = or_(Job.state.in_((QUEUED, RETRYING)),
                    (Job.state == RUNNING) & (Job.started_at < stale_before))
    result = db.session.execute(
        update(Job).where(Job.id == job_id, claimable)
        .values(state=RUNNING, attempts=Job.attempts + 1, started_at=utcnow()))
    db.session.commit()
    return result.rowcount == 1


def run(huey: Any, job_id: int, jobs: dict[str, Work], max_attempts: int, stale_seconds: float,
        after: Optional[dict[str, Callable[[dict], None]]] = None) -> None:
    """Run one job; raises to make the queue retry it (with backoff)."""
    if not _claim(job_id, utcnow() - timedelta(seconds=stale_seconds)):
        return  # done, dead, or running elsewhere
    job = db.session.get(Job, job_id)
    report = _reporter(huey, job_id)
    report(0, 1)
    try:
        message = jobs[job.name](dict(job.payload or {}), report)
    except JobRefused as refusal:
        db.session.rollback()
        _finish(job_id, FAILED, message=refusal.message)
        return
    except Exception:
        db.session.rollback()
        error = traceback.format_exc(limit=20)
        attempts = db.session.get(Job, job_id).attempts
        state = DEAD if attempts >= max_attempts else RETRYING
        _finish(job_id, state, error=error)
        if state == RETRYING:
            raise
        log.error("job %s (%s) is dead after %s attempts", job_id, job.name, attempts)
        return
    job.state, job.message, job.finished_at, job.error = DONE, message, utcnow(), None
    payload, name = dict(job.payload or {}), job.name
    db.session.commit()  # the work and its acknowledgement, together
    if after and name in after:
        try:
            after[name](payload)
        except Exception:  # the job is done; tidying up may fail harmlessly
            log.exception("tidying up after job %s failed", job_id)


def _finish(job_id: int, state: str, message: Optional[str] = None, error: Optional[str] = None) -> None:
    job = db.session.get(Job, job_id)
    job.state = state
    job.error = error
    if message is not None:
        job.message = message
    if state != RETRYING:
        job.finished_at = utcnow()
    db.session.commit()


def recover(huey: Any, enqueue: Callable[[int], Any], stale_seconds: float) -> list[int]:
    """Enqueue again the jobs nobody is working on: ``running`` with a
    heartbeat older than ``stale_seconds`` (their worker died), and
    ``queued``/``retrying`` ones older than that (their message was lost).
    Enqueuing a job twice is harmless: only one worker can claim it."""
    cutoff = time.time() - stale_seconds
    cutoff_dt = utcnow() - timedelta(seconds=stale_seconds)
    found = []
    for job in db.session.scalars(select(Job).where(Job.state.in_((QUEUED, RUNNING, RETRYING)))):
        beat = progress(huey, job.id)
        if job.state == RUNNING:
            alive = (beat["at"] if beat else 0) >= cutoff or _aware(job.started_at) >= cutoff_dt
        else:
            alive = _aware(job.finished_at or job.started_at or job.created_at) >= cutoff_dt
        if not alive:
            found.append(job.id)
    for job_id in found:
        log.warning("job %s was abandoned; enqueuing it again", job_id)
        enqueue(job_id)
    return found


def _aware(moment):
    from datetime import timezone

    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def failed_jobs(limit: int = 50) -> list[Job]:
    return list(db.session.scalars(select(Job).where(Job.state.in_((FAILED, DEAD)))
                                   .order_by(Job.id.desc()).limit(limit)))


def open_jobs(limit: int = 50) -> list[Job]:
    return list(db.session.scalars(select(Job).where(Job.state.in_((QUEUED, RUNNING, RETRYING)))
                                   .order_by(Job.id).limit(limit)))


def oldest_open_age() -> Optional[float]:
    oldest = db.session.scalar(select(Job.created_at).where(Job.state.in_((QUEUED, RETRYING)))
                               .order_by(Job.id).limit(1))
    return None if oldest is None else (utcnow() - _aware(oldest)).total_seconds()
