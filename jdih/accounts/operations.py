"""Creating and changing accounts; shared by the admin pages and the CLI."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import func, select

from jdih.accounts.models import ROLES, User
from jdih.accounts.passwords import hash_password, needs_rehash, password_problem, verify_password
from jdih.core import audit
from jdih.core.errors import UserError
from jdih.extensions import db
from jdih.core.timeutil import utcnow

# Verifying against a real hash when the account does not exist keeps the
# response time the same, so timing does not reveal which emails exist.
_DUMMY_HASH = hash_password("tidak-ada-akun-ini-0")


class AccountError(UserError):
    """A refusal; ``message`` is for people (Indonesian)."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user(email: str) -> Optional[User]:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(email: str, password: str, role: str, name: str = "") -> User:
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError("Alamat email tidak valid.", "email")
    if role not in ROLES:
        raise AccountError(f"Peran harus salah satu dari: {', '.join(ROLES)}.", "role")
    if find_user(email):
        raise AccountError(f"Pengguna {email} sudah ada.", "email")
    problem = password_problem(password)
    if problem:
        raise AccountError(problem, "password")
    user = User(email=email, name=name.strip(), role=role, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    audit.record("create", user, {"email": [None, email], "role": [None, role]},
                 label=email, object_type="user")
    return user


def update_user(user: User, *, name: str, role: str, active: bool,
                password: Optional[str] = None) -> None:
    """Change an account; a new password, another role or deactivation ends
    all its sessions."""
    if role not in ROLES:
        raise AccountError("Peran tidak dikenal.", "role")
    before = {"name": user.name, "role": user.role, "active": user.active}
    if password:
        problem = password_problem(password)
        if problem:
            raise AccountError(problem, "password")
        user.password_hash = hash_password(password)
    user.name, user.role, user.active = name.strip(), role, active
    changes = audit.diff(before, {"name": user.name, "role": role, "active": active})
    if password or "role" in changes or "active" in changes:
        # Every signed-in browser (remember-me included) must log in again.
        user.end_sessions()
    if password:
        changes["password"] = ["***", "***"]
    if changes:
        audit.record("edit", user, changes, label=user.email, object_type="user")


def log_out_everywhere(user: User) -> None:
    user.end_sessions()


def authenticate(email: str, password: str) -> Optional[User]:
    """The active user with these credentials, or None."""
    user = find_user(email)
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user
