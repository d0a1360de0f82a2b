"""Answers to the satisfaction survey: one row per submitted form.

No address or account is stored with an answer: the survey is anonymous,
and the rate limit counts addresses in its own storage.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, SmallInteger, Text
from sqlalchemy.orm import Mapped, mapped_column

from jdih.core.timeutil import utcnow
from jdih.extensions import db


class SurveyResponse(db.Model):
    __tablename__ = "survey_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # The nine elements of jdih.survey.elements, 1-4 each.
    persyaratan: Mapped[int] = mapped_column(SmallInteger)
    prosedur: Mapped[int] = mapped_column(SmallInteger)
    waktu: Mapped[int] = mapped_column(SmallInteger)
    biaya: Mapped[int] = mapped_column(SmallInteger)
    produk: Mapped[int] = mapped_column(SmallInteger)
    kompetensi: Mapped[int] = mapped_column(SmallInteger)
    perilaku: Mapped[int] = mapped_column(SmallInteger)
    pengaduan: Mapped[int] = mapped_column(SmallInteger)
    sarana: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[Optional[str]] = mapped_column(Text)
