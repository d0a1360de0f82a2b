"""Issuing, revoking and checking API tokens, and who is calling the API.

Identity through the API comes from the ``Authorization: Bearer`` header
only. The session cookie is deliberately ignored: a browser that is logged
in as staff gets exactly what an anonymous caller gets, so a page on another
site cannot use a visitor's cookie to read partner or internal records
through the API, and the API needs no CSRF protection.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Optional

from flask import g, request
from sqlalchemy import select, update

from jdih.accounts.models import ROLE_PARTNER
from jdih.api.models import ApiToken
from jdih.core import audit
from jdih.core.errors import UserError
from jdih.extensions import db
from jdih.core.timeutil import utcnow

#: Roles an admin may give a token. Staff never act through tokens.
TOKEN_ROLES = {ROLE_PARTNER: "Mitra"}
#: last_used_at is refreshed at most this often, so reads stay reads.
LAST_USED_GRANULARITY = timedelta(minutes=1)


class TokenError(UserError):
    """A refused token operation; ``message`` is for people (Indonesian)."""


@dataclass(frozen=True)
class ApiPrincipal:
    """The caller of an API request, shaped like a user for the access checks."""

    token_id: Optional[int] = None
    role: Optional[str] = None

    @property
    def is_authenticated(self) -> bool:
        return self.token_id is not None

    @property
    def is_staff(self) -> bool:
        return False

    @property
    def is_admin(self) -> bool:
        return False

    @property
    def is_partner(self) -> bool:
        return self.role == ROLE_PARTNER


ANONYMOUS = ApiPrincipal()


class InvalidToken(Exception):
    """A bearer token was sent but is unknown or revoked (answered with 401)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(name: str, role: str = ROLE_PARTNER, created_by_id: Optional[int] = None
                ) -> tuple[ApiToken, str]:
    """Create a token; returns the record and the token, which is never stored."""
    name = (name or "").strip()
    if not name:
        raise TokenError("Nama token wajib diisi.")
    if len(name) > 200:
        raise TokenError("Nama token terlalu panjang (maksimal 200 karakter).")
    if role not in TOKEN_ROLES:
        raise TokenError("Peran token tidak dikenal.")
    token = "jdih_" + secrets.token_urlsafe(32)
    record = ApiToken(name=name, role=role, token_hash=hash_token(token), prefix=token[:10],
                      created_by_id=created_by_id)
    db.session.add(record)
    db.session.flush()
    audit.record("create", record, {"name": [None, name], "role": [None, role]})
    return record, token


def revoke_token(record: ApiToken) -> None:
    if record.revoked_at is not None:
        raise TokenError("Token ini sudah dicabut.")
    record.revoked_at = utcnow()
    audit.record("revoke", record, {"revoked_at": [None, record.revoked_at.isoformat()]})


def list_tokens() -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).order_by(ApiToken.revoked_at.is_not(None),
                                                             ApiToken.created_at.desc())))


def bearer_token() -> Optional[str]:
    """The token of the Authorization header, or None when there is none."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or ""


def authenticate(token: str) -> ApiToken:
    """The active token record for ``token``; raises InvalidToken otherwise."""
    record = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if record is None or not record.is_active:
        raise InvalidToken()
    now = utcnow()
    last = record.last_used_at
    if last is not None and last.tzinfo is None:  # SQLite returns naive UTC
        last = last.replace(tzinfo=now.tzinfo)
    if last is None or now - last > LAST_USED_GRANULARITY:
        db.session.execute(update(ApiToken).where(ApiToken.id == record.id).values(last_used_at=now))
        db.session.commit()
    return record


def current_principal() -> ApiPrincipal:
    """Who calls this request, from the bearer token alone (cached per request).

    Raises InvalidToken when a token was sent but is unknown or revoked:
    a wrong token is an error, not a silent downgrade to anonymous.
    """
    if "api_principal" in g:
        return g.api_principal
    token = bearer_token()
    if token is None:
        principal = ANONYMOUS
    else:
        record = authenticate(token)
        principal = ApiPrincipal(token_id=record.id, role=record.role)
    g.api_principal = principal
    return principal
