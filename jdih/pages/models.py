"""Stored text of the member pages (see catalog.PAGES for which exist)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jdih.core.timeutil import utcnow
from jdih.extensions import db


class SitePage(db.Model):
    __tablename__ = "site_page"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    #: Sanitised HTML (jdih.news.sanitize.clean_body); never rendered unsanitised.
    body_html: Mapped[str] = mapped_column(Text, default="")
    #: Plain text shown outside the page (the kontak page's lines in the footer).
    summary: Mapped[Optional[str]] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))
    #: Bumped by every UPDATE and checked in its WHERE clause (jdih.core.versioning).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    audit_type = "page"

    @property
    def audit_label(self) -> str:
        return f"Halaman {self.title}"
