"""The record of each fixity check, so the admin page and /healthz can say
when files were last verified and what was wrong."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, DateTime
from sqlalchemy.orm import Mapped, mapped_column

from jdih.core.timeutil import utcnow
from jdih.extensions import db


class FixityCheck(db.Model):
    __tablename__ = "fixity_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    finished_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    checked: Mapped[int] = mapped_column(default=0)
    missing: Mapped[int] = mapped_column(default=0)
    altered: Mapped[int] = mapped_column(default=0)
    #: The first problems found: {"kind", "sha256", "used_by"}, at most PROBLEMS_KEPT.
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    @property
    def ok(self) -> bool:
        return self.missing == 0 and self.altered == 0
