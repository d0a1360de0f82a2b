"""Configuration: defaults here, then ``instance/config.py``, then ``JDIH_*``
environment variables, then the test override passed to ``create_app``.

Directories for runtime data default to the instance folder so that one
``instance/`` holds everything a deployment must back up.
"""
from __future__ import annotations

import json
import os
from typing import Any

ENV_PREFIX = "JDIH_"


class Defaults:
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # set from the instance path
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    UPLOAD_DIR: str | None = None
    SEARCH_INDEX_DIR: str | None = None
    MAX_UPLOAD_MB: int = 50
    # Requests may carry a form around the upload, so give a little headroom.
    MAX_CONTENT_LENGTH: int | None = None
    #: Any other body (forms, JSON): far below an upload (413 beyond it).
    MAX_FORM_BODY_KB: int = 1024
    #: Proxies in front of the app whose X-Forwarded-* headers are trusted
    #: (1 behind nginx); 0 trusts none, for an app reached directly.
    PROXY_FIX_HOPS: int = 0
    #: Strict-Transport-Security on HTTPS answers.
    HSTS_MAX_AGE: int = 365 * 24 * 3600
    #: One JSON line per request on stderr (False: leave logging alone).
    LOG_JSON: bool = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "5 per 5 minutes"
    PAGE_SIZE = 20
    SITE_NAME = "JDIH KPU"
    #: Largest text the machine citation lookup accepts, in bytes.
    CITATION_LOOKUP_MAX_BYTES: int = 100 * 1024
    CITATION_LOOKUP_RATE_LIMIT = "120 per minute"
    #: API rate limits: per token for partners, per address for anonymous callers.
    API_RATE_LIMIT = "300 per minute"
    API_ANON_RATE_LIMIT = "60 per minute"
    #: Built JDIHN feed bodies kept in memory, one per ETag (page/limit).
    JDIHN_FEED_CACHE_ENTRIES = 4
    #: Index batches (200 keys each) a request applies after its commit
    #: before handing the rest to a background thread; None: all of them.
    SEARCH_DRAIN_BATCHES_IN_REQUEST: int | None = 5
    #: Seconds a search-index writer waits for the lock before giving up.
    SEARCH_LOCK_TIMEOUT: float = 30.0


# Variables whose value is not a plain string: parse them as JSON
# (numbers, booleans) so JDIH_MAX_UPLOAD_MB=10 gives an int.
def _parse_env_value(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw


ENV_ALIASES = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}


def load_environment(config: dict[str, Any], environ: dict[str, str] | None = None) -> None:
    """Override ``config`` with every ``JDIH_*`` variable of the environment."""
    environ = os.environ if environ is None else environ
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        key = name[len(ENV_PREFIX):]
        key = ENV_ALIASES.get(key, key)
        value = raw if key in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI") else _parse_env_value(raw)
        config[key] = value


def fill_runtime_paths(config: dict[str, Any], instance_path: str) -> None:
    """Point database, uploads and index into the instance folder unless set."""
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(instance_path, "jdih.sqlite3")
    config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(config["SQLALCHEMY_DATABASE_URI"])
    config.setdefault("UPLOAD_DIR", None)
    if not config["UPLOAD_DIR"]:
        config["UPLOAD_DIR"] = os.path.join(instance_path, "uploads")
    if not config.get("SEARCH_INDEX_DIR"):
        config["SEARCH_INDEX_DIR"] = os.path.join(instance_path, "index")
    config["MAX_UPLOAD_MB"] = _positive_int(config.get("MAX_UPLOAD_MB"), "MAX_UPLOAD_MB")
    if not config.get("MAX_CONTENT_LENGTH"):
        config["MAX_CONTENT_LENGTH"] = (config["MAX_UPLOAD_MB"] + 1) * 1024 * 1024


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgresql://`` URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class ConfigurationError(RuntimeError):
    """Raised at start-up when the configuration is unsafe or incomplete."""


def _positive_int(value: Any, name: str) -> int:
    """``value`` as a positive int; a clear start-up error instead of a
    failure at the first upload."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number <= 0 or isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ConfigurationError(f"{name} must be a positive whole number of megabytes, not {value!r}.")
    return number


def check_secret_key(config: dict[str, Any], *, debug: bool, testing: bool) -> None:
    """Refuse to run in production without a secret key.

    Development (debug) and tests get a random per-process key, which logs
    everybody out on restart: acceptable there, never in production.
    """
    if config.get("SECRET_KEY"):
        return
    if debug or testing:
        config["SECRET_KEY"] = os.urandom(32).hex()
        return
    raise ConfigurationError(
        "JDIH_SECRET_KEY is not set. Set it in instance/config.py or the environment "
        "before running in production."
    )
