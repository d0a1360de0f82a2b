"""Following and unfollowing: double opt-in with signed tokens, one-click
unsubscribe, the follows of a signed-in account.

Operations add to the session and never commit (the caller does). Tokens
are signed with the app's secret key (itsdangerous): a confirmation token
expires after ALERT_CONFIRM_DAYS, an unsubscribe token never does.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from flask import current_app
from flask_login import AnonymousUserMixin
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import or_, select

from jdih.accounts.access import can_read
from jdih.alerts.models import FREQUENCIES, TARGET_KINDS, Follow
from jdih.catalogue.models import DOC_TYPES, Document, Term
from jdih.core.errors import UserError
from jdih.core.timeutil import utcnow
from jdih.extensions import db

EMAIL_RE = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")
CONFIRM_SALT = "alerts-confirm"
UNSUBSCRIBE_SALT = "alerts-unsubscribe"


class AlertError(UserError):
    """A refused follow; ``message`` is for people (Indonesian)."""


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def confirm_token(follow: Follow) -> str:
    return _serializer(CONFIRM_SALT).dumps({"f": follow.id, "e": follow.email})


def unsubscribe_token(follow: Follow) -> str:
    return _serializer(UNSUBSCRIBE_SALT).dumps({"f": follow.id, "e": follow.email})


def _follow_from(token: str, salt: str, max_age: Optional[int]) -> Optional[Follow]:
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    follow = db.session.get(Follow, int(data.get("f", 0))) if isinstance(data, dict) else None
    if follow is None or follow.email != data.get("e"):
        return None
    return follow


def normalise_email(email: str) -> str:
    email = (email or "").strip()
    if len(email) > 254 or not EMAIL_RE.match(email):
        raise AlertError("Alamat email tidak valid.", field="email")
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def check_target(kind: str, value: str, reader: Any) -> str:
    """The stored value of a target, or a refusal in Indonesian. A document
    ``reader`` may not read is "not found", as on its page."""
    value = (value or "").strip()
    if kind not in TARGET_KINDS:
        raise AlertError("Jenis langganan tidak dikenal.", field="kind")
    if kind == "document":
        doc = db.session.scalar(select(Document).where(or_(Document.slug == value, Document.id == _int(value))))
        if doc is None or not can_read(doc, reader):
            raise AlertError("Dokumen tidak ditemukan.", field="value")
        return str(doc.id)
    if kind == "type" and value not in DOC_TYPES:
        raise AlertError("Tipe dokumen tidak dikenal.", field="value")
    if kind == "subject":
        term = db.session.scalar(select(Term).where(Term.vocabulary == "subjek", or_(
            Term.id == _int(value), Term.label == value)))
        if term is None:
            raise AlertError("Subjek tidak dikenal.", field="value")
        return str(term.id)
    if kind == "search":
        value = value.lstrip("?")
        if not value or len(value) > 500:
            raise AlertError("Pencarian tersimpan harus berisi kueri (maksimal 500 karakter).", field="value")
    return value


def _int(value: str) -> int:
    return int(value) if value.isdigit() else -1


def principal_of(follow: Follow) -> Any:
    """Whose access a follow's mails and pages are filtered by: an anonymous
    follower reads as the public, an account as itself."""
    from jdih.accounts.models import User

    if follow.user_id is None:
        return AnonymousUserMixin()
    user = db.session.get(User, follow.user_id)
    return user if user is not None and user.is_active else AnonymousUserMixin()


def target_label(follow: Any) -> str:
    """What a follow follows, for people ("UU 7/2017", "Subjek: Pemilu");
    a document its follower may no longer read is not named."""
    kind, value = follow.target_kind, follow.target_value
    if kind == "document":
        doc = db.session.get(Document, int(value))
        if doc is None or not can_read(doc, principal_of(follow)):
            return "Dokumen tidak tersedia"
        return doc.display_identity or doc.judul
    if kind == "subject":
        term = db.session.get(Term, int(value))
        return f"Subjek: {term.label if term else value}"
    if kind == "type":
        return f"Tipe: {DOC_TYPES.get(value, value)}"
    return f"Pencarian: {value}"


def request_follow(email: str, kind: str, value: str, frequency: str) -> tuple[Follow, bool]:
    """An anonymous follow, waiting for its confirmation; returns it and
    whether a confirmation mail should go out (not for one already active)."""
    email = normalise_email(email)
    value = check_target(kind, value, AnonymousUserMixin())
    if frequency not in FREQUENCIES:
        raise AlertError("Frekuensi tidak dikenal.", field="frequency")
    follow = db.session.scalar(select(Follow).where(
        Follow.email == email, Follow.user_id.is_(None), Follow.target_kind == kind, Follow.target_value == value))
    if follow is None:
        follow = Follow(email=email, target_kind=kind, target_value=value, frequency=frequency,
                        cursor=_latest_event_id())
        db.session.add(follow)
        db.session.flush()
    elif not follow.is_active:
        follow.frequency = frequency
    return follow, not follow.is_active


def follow_as_user(user: Any, kind: str, value: str, frequency: str) -> Follow:
    """A signed-in account follows: active at once (its address is known)."""
    value = check_target(kind, value, user)
    if frequency not in FREQUENCIES:
        raise AlertError("Frekuensi tidak dikenal.", field="frequency")
    follow = db.session.scalar(select(Follow).where(
        Follow.user_id == user.id, Follow.target_kind == kind, Follow.target_value == value))
    if follow is None:
        follow = Follow(email=user.email, user_id=user.id, target_kind=kind, target_value=value,
                        cursor=_latest_event_id(), confirmed_at=utcnow())
        db.session.add(follow)
    follow.frequency = frequency
    db.session.flush()
    return follow


def _latest_event_id() -> int:
    from sqlalchemy import func

    from jdih.alerts.models import AlertEvent

    return db.session.scalar(select(func.coalesce(func.max(AlertEvent.id), 0))) or 0


def confirm(token: str) -> Optional[Follow]:
    days = int(current_app.config.get("ALERT_CONFIRM_DAYS", 7))
    follow = _follow_from(token, CONFIRM_SALT, days * 24 * 3600)
    if follow is not None and follow.confirmed_at is None:
        follow.confirmed_at = utcnow()
        follow.cursor = _latest_event_id()  # nothing from before the confirmation
    return follow


def unsubscribe_all_token(email: str, user_id: Optional[int]) -> str:
    """One link for the List-Unsubscribe header: every follow of the address."""
    return _serializer(UNSUBSCRIBE_SALT).dumps({"f": 0, "e": email, "u": user_id})


def follows_for_unsubscribe(token: str) -> list[Follow]:
    """The follows an unsubscribe token names (none when it is not valid)."""
    try:
        data = _serializer(UNSUBSCRIBE_SALT).loads(token)
    except BadSignature:
        return []
    if not isinstance(data, dict):
        return []
    if data.get("f"):
        follow = db.session.get(Follow, int(data["f"]))
        return [follow] if follow is not None and follow.email == data.get("e") else []
    owner = Follow.user_id == data["u"] if data.get("u") else Follow.user_id.is_(None)
    return list(db.session.scalars(select(Follow).where(Follow.email == data.get("e"), owner)))


def unsubscribe(follows: list[Follow]) -> int:
    for follow in follows:
        db.session.delete(follow)
    return len(follows)


def follows_of(user: Any) -> list[Follow]:
    return list(db.session.scalars(select(Follow).where(
        or_(Follow.user_id == user.id, Follow.email == user.email)).order_by(Follow.created_at.desc())))
