"""The /api/v1 blueprint and what every API request goes through: CSRF
exemption (identity is a bearer token, never a cookie), the caller's
identification, per-token and per-address rate limits, JSON errors.
Its URL rules are listed in routes.py."""
from __future__ import annotations

from flask import Blueprint, current_app
from flask_limiter.util import get_remote_address

from jdih.api import errors
from jdih.api import models  # noqa: F401  (the token table, for create_all)
from jdih.api.tokens import InvalidToken, current_principal
from jdih.extensions import csrf, limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
errors.install(bp)

#: Defaults when the configuration names no API_RATE_LIMIT / API_ANON_RATE_LIMIT.
TOKEN_RATE_LIMIT = "300 per minute"
ANON_RATE_LIMIT = "60 per minute"


def _principal_or_none():
    try:
        return current_principal()
    except InvalidToken:
        return None


def rate_limit_key() -> str:
    """Token holders are counted per token, everybody else per address."""
    principal = _principal_or_none()
    if principal is not None and principal.is_authenticated:
        return f"api-token:{principal.token_id}"
    return f"api-addr:{get_remote_address()}"


def rate_limit_value() -> str:
    principal = _principal_or_none()
    if principal is not None and principal.is_authenticated:
        return current_app.config.get("API_RATE_LIMIT", TOKEN_RATE_LIMIT)
    return current_app.config.get("API_ANON_RATE_LIMIT", ANON_RATE_LIMIT)


limiter.limit(rate_limit_value, key_func=rate_limit_key)(bp)


@bp.before_request
def identify_caller() -> None:
    current_principal()  # an unknown or revoked token stops here with 401
