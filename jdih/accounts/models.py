"""User accounts and roles."""
from __future__ import annotations

import secrets
from datetime import datetime
from typing import Optional

from flask_login import UserMixin
from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from jdih.extensions import db
from jdih.core.timeutil import utcnow

#: Roles in increasing order of what they may do with the catalogue.
ROLE_PARTNER = "partner"
ROLE_EDITOR = "editor"
ROLE_ADMIN = "admin"
ROLES = (ROLE_PARTNER, ROLE_EDITOR, ROLE_ADMIN)
ROLE_LABELS = {ROLE_PARTNER: "Mitra", ROLE_EDITOR: "Editor", ROLE_ADMIN: "Administrator"}


def new_session_token() -> str:
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Login name; stored lower-cased so look-ups are case-insensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    #: Argon2id hash (see accounts.passwords); never the password itself.
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=ROLE_EDITOR)
    #: Deactivated accounts keep their audit history but cannot log in.
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    #: Part of the id Flask-Login keeps in the session and remember-me
    #: cookies; replacing it ends every session of the account at once.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def end_sessions(self) -> None:
        """Log the account out everywhere (logout, password, role, deactivation)."""
        self.session_token = new_session_token()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def is_staff(self) -> bool:
        return self.role in (ROLE_EDITOR, ROLE_ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == ROLE_ADMIN

    @property
    def is_partner(self) -> bool:
        return self.role == ROLE_PARTNER

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"
