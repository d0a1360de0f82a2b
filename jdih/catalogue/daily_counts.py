"""Per-day reader counters (views and downloads), for the monthly figures
of the statistics page.

One row per (day, kind), bumped with a single UPSERT by the same writes
that count a view or a download, so a month's figure is a sum over at most
31 rows and nothing grows with the number of readers. The day is the
office's (setting ``TIMEZONE``), so a month starts when it starts there.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import Date, String
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column

from jdih.core.timeutil import zone
from jdih.extensions import db

KIND_VIEW = "view"
KIND_DOWNLOAD = "download"
KINDS = (KIND_VIEW, KIND_DOWNLOAD)


class DailyCount(db.Model):
    __tablename__ = "daily_count"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


def office_today() -> date:
    return datetime.now(zone(current_app.config.get("TIMEZONE"))).date()


def bump_statement(kind: str, day: date | None = None) -> Any:
    """An INSERT ... ON CONFLICT that adds one to today's ``kind`` row."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert(DailyCount).values(day=day or office_today(), kind=kind, count=1)
    return statement.on_conflict_do_update(
        index_elements=[DailyCount.day, DailyCount.kind],
        set_={"count": DailyCount.count + 1})
