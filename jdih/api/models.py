"""API tokens: how partner machines identify themselves to /api/v1."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jdih.accounts.models import ROLE_PARTNER, User
from jdih.extensions import db
from jdih.core.timeutil import utcnow


class ApiToken(db.Model):
    """A bearer token issued by an admin; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Who the token is for, e.g. "Bawaslu RI — sinkronisasi".
    name: Mapped[str] = mapped_column(String(200))
    #: The role the token carries; only "partner" is issued today.
    role: Mapped[str] = mapped_column(String(20), default=ROLE_PARTNER)
    #: Hex SHA-256 of the token; the token itself is shown once and never kept.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The first characters of the token, so admins can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))
    created_by: Mapped[Optional[User]] = relationship()
    last_used_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    #: Set when revoked; a revoked token is refused with 401.
    revoked_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))

    audit_type = "api_token"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def audit_label(self) -> str:
        return f"Token API {self.name} ({self.prefix}…)"

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.name} {'active' if self.is_active else 'revoked'}>"
