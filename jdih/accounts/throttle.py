"""Throttling failed logins, per account and per address separately.

Failed attempts are counted with the ``limits`` strategy Flask-Limiter
configured, so they live in its storage (RATELIMIT_STORAGE_URI): Redis in
production, shared by every worker process; memory only for development.

An account that reaches its limit waits, whatever the password (otherwise
guessing would go on); other accounts from the same address still sign in
until the address's own, higher limit is reached.
"""
from __future__ import annotations

import math
import time
from typing import Optional

from flask import current_app
from limits import RateLimitItem, parse

from jdih.extensions import limiter


def _limits() -> list[tuple[RateLimitItem, str]]:
    config = current_app.config
    return [(parse(config["LOGIN_RATE_LIMIT"]), "login-account"),
            (parse(config["LOGIN_ADDRESS_RATE_LIMIT"]), "login-address")]


def _keys(email: str, address: str) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or "jdih"
    (account_limit, account_scope), (address_limit, address_scope) = _limits()
    return [(account_limit, (prefix, account_scope, email)),
            (address_limit, (prefix, address_scope, address or "-"))]


def _active() -> bool:
    return bool(limiter.enabled and current_app.config.get("RATELIMIT_ENABLED", True))


def wait_seconds(email: str, address: str) -> Optional[int]:
    """Seconds until ``email`` may try again from ``address``; None: now."""
    if not _active():
        return None
    strategy = limiter.limiter
    waits = []
    for item, identifiers in _keys(email, address):
        if not strategy.test(item, *identifiers):
            reset_at = strategy.get_window_stats(item, *identifiers).reset_time
            waits.append(max(1, math.ceil(reset_at - time.time())))
    return max(waits) if waits else None


def record_failure(email: str, address: str) -> None:
    if not _active():
        return
    strategy = limiter.limiter
    for item, identifiers in _keys(email, address):
        strategy.hit(item, *identifiers)


def wait_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} menit."
