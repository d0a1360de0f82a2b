"""The job ledger: one row per job people care about (an import, later OCR
and mail), kept in the application database.

Huey carries the message; this row is what makes a job durable and
visible. It is marked done only after the work succeeded (the
acknowledgement Huey itself does not give), so a job whose worker died is
found by ``jobs.recover`` and enqueued again, and one that failed every
attempt stays here as dead for admins to see.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jdih.core.timeutil import utcnow
from jdih.extensions import db

QUEUED = "queued"
RUNNING = "running"
RETRYING = "retrying"
DONE = "done"
#: Refused for a reason retrying cannot change (bad data): not retried.
FAILED = "failed"
#: Failed every attempt.
DEAD = "dead"
STATES = {QUEUED: "Menunggu", RUNNING: "Berjalan", RETRYING: "Akan dicoba lagi", DONE: "Selesai",
          FAILED: "Gagal", DEAD: "Gagal setelah semua percobaan"}
OPEN_STATES = (QUEUED, RUNNING, RETRYING)


class Job(db.Model):
    __tablename__ = "task_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A key of ``jdih.tasks.definitions.JOBS``.
    name: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(20), default=QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: What the job reports for people ("Impor selesai: 12 dokumen dibuat").
    message: Mapped[Optional[str]] = mapped_column(Text)
    #: The last error (for admins).
    error: Mapped[Optional[str]] = mapped_column(Text)
    user_id: Mapped[Optional[int]] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))

    @property
    def state_label(self) -> str:
        return STATES.get(self.state, self.state)

    @property
    def finished(self) -> bool:
        return self.state not in OPEN_STATES

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.name} {self.state}>"
