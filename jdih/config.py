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
    #: memory:// counts per process; with several workers use a shared
    #: store, e.g. JDIH_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    #: Failed logins per account, and (higher: many people may share an
    #: office's address) per address.
    LOGIN_RATE_LIMIT = "5 per 5 minutes"
    LOGIN_ADDRESS_RATE_LIMIT = "30 per 5 minutes"
    PAGE_SIZE = 20
    SITE_NAME = "JDIH KPU"
    #: The office that runs the site, as the header, the home page and shared links name it.
    OFFICE_NAME = "Komisi Pemilihan Umum"
    #: Largest text the machine citation lookup accepts, in bytes.
    CITATION_LOOKUP_MAX_BYTES: int = 100 * 1024
    CITATION_LOOKUP_RATE_LIMIT = "120 per minute"
    #: More citations than this in one lookup is refused (413): resolving
    #: and answering them is the work a request is allowed.
    CITATION_LOOKUP_MAX_CITATIONS: int = 1000
    #: PDF text extraction runs in a child process with these limits; a
    #: file that needs more is refused ("PDF terlalu rumit").
    PDF_PARSE_SECONDS: float = 20.0
    PDF_PARSE_MEMORY_MB: int = 512
    #: OCR of scanned PDF pages (Tesseract, in the background worker). A page
    #: has no usable text layer below OCR_MIN_CHARS visible characters or
    #: OCR_MIN_PRINTABLE share of printable ones.
    OCR_ENABLED: bool = True
    OCR_LANGUAGES = "ind+eng"
    OCR_MIN_CHARS: int = 40
    OCR_MIN_PRINTABLE: float = 0.85
    #: Pages are rendered at OCR_DPI, never above OCR_MAX_PIXELS pixels.
    OCR_DPI: float = 300.0
    OCR_MAX_PIXELS: int = 12_000_000
    #: Limits of one page (render and recognition, each a child process).
    OCR_PAGE_SECONDS: float = 60.0
    OCR_PAGE_MEMORY_MB: int = 1024
    #: Scanned pages read per file; the rest stay without text (said on the staff page).
    OCR_MAX_PAGES: int = 600
    #: A page whose attempts all ended with the worker gone is given up.
    OCR_PAGE_ATTEMPTS: int = 3
    #: A worker hands its thread back after this long, so that other tasks
    #: are not held up behind a long scan; the file continues in a new task.
    OCR_SLICE_SECONDS: float = 30.0
    #: A running file without a page finished this long lost its worker.
    OCR_STALE_SECONDS: float = 300.0
    #: API rate limits: per token for partners, per address for anonymous callers.
    API_RATE_LIMIT = "300 per minute"
    API_ANON_RATE_LIMIT = "60 per minute"
    #: /statistik and /api/v1/statistik: seconds each process keeps the figures.
    STATISTICS_CACHE_SECONDS: float = 60.0
    #: The IKM survey: answers per address, and how long a form may take to fill
    #: (faster is a bot; older forms are stale).
    SURVEY_RATE_LIMIT = "5 per hour"
    SURVEY_MIN_SECONDS: float = 5.0
    SURVEY_MAX_AGE_SECONDS: float = 6 * 3600.0
    #: Built JDIHN feed bodies, shared by all processes (default instance/cache/jdihn).
    FEED_CACHE_DIR: str | None = None
    #: Seconds a request for the whole feed waits for the worker to build a body
    #: nobody built yet (then 503 with Retry-After); pages are built in the request.
    FEED_BUILD_WAIT_SECONDS: float = 5.0
    #: Uploaded import files between dry run and job (default instance/imports);
    #: every web process and the worker must see the same folder.
    IMPORT_DIR: str | None = None
    #: Redis for rate limits and the task queue (production); without it the
    #: queue lives in TASKS_SQLITE_PATH and rate limits in each process's memory.
    REDIS_URL: str | None = None
    #: Run every task inline when it is enqueued (tests).
    TASKS_IMMEDIATE: bool = False
    TASKS_SQLITE_PATH: str | None = None  # default instance/tasks.sqlite3
    TASK_QUEUE_NAME = "jdih"
    #: A failing job is tried again this often, 10 s, 20 s, 40 s ... apart.
    TASK_RETRIES = 3
    TASK_RETRY_DELAY: float = 10.0
    #: A running job without a sign of life this long is taken as abandoned.
    TASK_STALE_SECONDS: float = 600.0
    #: /healthz fails when the worker has not been seen this long.
    WORKER_STALE_SECONDS: float = 300.0
    #: When (server time, HH:MM) the worker reindexes documents whose status
    #: changed because a relation took effect, and how many days back it looks.
    STATUS_REINDEX_AT = "00:10"
    #: When the worker checks every stored file against its SHA-256 (HH:MM, daily).
    FIXITY_CHECK_AT = "02:30"
    STATUS_REINDEX_DAYS = 7
    #: Where the search index lives: "whoosh" (files in SEARCH_INDEX_DIR, one
    #: machine) or "postgres" (tables in the application's PostgreSQL
    #: database, shared by several servers; env JDIH_SEARCH_BACKEND).
    SEARCH_BACKEND = "whoosh"
    #: With "postgres": a read replica (hot standby) of the database that
    #: searches read from, so reads scale past the primary; writes, verify
    #: and reindex stay on the primary (env JDIH_SEARCH_REPLICA_URL).
    SEARCH_REPLICA_URL = ""
    #: Seconds a search-index writer waits for the lock before giving up.
    SEARCH_LOCK_TIMEOUT: float = 30.0
    #: The office's time zone: pages show times in it (WIB, WITA or WIT).
    TIMEZONE = "Asia/Jakarta"
    #: Shortest prefix a wildcard (``pem*``) may have; shorter ones are
    #: searched as whole words, with a note above the results.
    SEARCH_MIN_PREFIX: int = 3
    #: Most index terms one prefix or typo-tolerant word expands to.
    SEARCH_MAX_EXPANSIONS: int = 64
    #: Seconds one search may run before answering with what it found
    #: (well under gunicorn's 30 s worker timeout).
    SEARCH_TIME_BUDGET_SECONDS: float = 5.0
    #: Searches per address on /cari and /api/v1/search.
    SEARCH_RATE_LIMIT = "30 per minute"
    # Alerts (jdih.alerts): SMTP for follow mails, webhooks for partners.
    MAIL_HOST = "localhost"
    MAIL_PORT: int = 25
    MAIL_FROM = "JDIH <noreply@jdih.local>"
    #: STARTTLS after connecting (MAIL_SSL: TLS from the first byte instead).
    MAIL_USE_TLS: bool = False
    MAIL_SSL: bool = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_TIMEOUT: float = 20.0
    #: The site's public address for links in mails (the worker has no request).
    SITE_URL = "http://127.0.0.1:5000"
    #: Follow requests per address on the public form.
    ALERT_FOLLOW_RATE_LIMIT = "10 per hour"
    #: When daily digests go out (HH:MM, read like the other daily tasks' times).
    ALERT_DIGEST_AT = "06:00"
    #: Days a confirmation link stays valid.
    ALERT_CONFIRM_DAYS: int = 7
    WEBHOOK_TIMEOUT: float = 10.0
    #: First retry after this many seconds, doubling each failed attempt.
    WEBHOOK_RETRY_SECONDS: float = 60.0
    WEBHOOK_MAX_ATTEMPTS: int = 6
    #: Consecutive failed attempts after which a webhook is disabled.
    WEBHOOK_MAX_FAILURES: int = 10
    #: Allow webhook URLs on loopback/private networks (tests, closed networks).
    WEBHOOK_ALLOW_PRIVATE: bool = False
    #: Days alert events (and their webhook delivery log) are kept.
    ALERT_EVENT_KEEP_DAYS: int = 30


# Variables whose value is not a plain string: parse them as JSON
# (numbers, booleans) so JDIH_MAX_UPLOAD_MB=10 gives an int.
def _parse_env_value(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw


ENV_ALIASES = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}
#: Settings taken from the environment as they are (never parsed as JSON).
RAW_VALUES = ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "SEARCH_REPLICA_URL")


def load_environment(config: dict[str, Any], environ: dict[str, str] | None = None) -> None:
    """Override ``config`` with every ``JDIH_*`` variable of the environment."""
    environ = os.environ if environ is None else environ
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        key = name[len(ENV_PREFIX):]
        key = ENV_ALIASES.get(key, key)
        value = raw if key in RAW_VALUES else _parse_env_value(raw)
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
    for key, default in (("FEED_CACHE_DIR", os.path.join(instance_path, "cache", "jdihn")),
                         ("IMPORT_DIR", os.path.join(instance_path, "imports")),
                         ("TASKS_SQLITE_PATH", os.path.join(instance_path, "tasks.sqlite3"))):
        if not config.get(key):
            config[key] = default
    # Rate limits shared by every process when there is a Redis to share them in.
    if config.get("REDIS_URL") and config.get("RATELIMIT_STORAGE_URI", "memory://") == "memory://":
        config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"]
    config["MAX_UPLOAD_MB"] = _positive_int(config.get("MAX_UPLOAD_MB"), "MAX_UPLOAD_MB")
    if not config.get("MAX_CONTENT_LENGTH"):
        config["MAX_CONTENT_LENGTH"] = (config["MAX_UPLOAD_MB"] + 1) * 1024 * 1024
    _check_timezone(config.get("TIMEZONE"))
    check_search_backend(config)


SEARCH_BACKENDS = ("whoosh", "postgres")


def check_search_backend(config: dict[str, Any]) -> None:
    """SEARCH_BACKEND names a known backend, and "postgres" has a PostgreSQL
    database to live in."""
    backend = str(config.get("SEARCH_BACKEND") or "whoosh").strip().lower()
    if backend not in SEARCH_BACKENDS:
        raise ConfigurationError(
            f"SEARCH_BACKEND harus 'whoosh' atau 'postgres', bukan {backend!r}. / "
            f"SEARCH_BACKEND must be 'whoosh' or 'postgres', not {backend!r}.")
    url = str(config.get("SQLALCHEMY_DATABASE_URI") or "")
    if backend == "postgres" and not url.startswith("postgresql"):
        raise ConfigurationError(
            "SEARCH_BACKEND='postgres' memerlukan basis data PostgreSQL (DATABASE_URL "
            "postgresql://...); gunakan 'whoosh' untuk SQLite. / SEARCH_BACKEND='postgres' "
            "needs a PostgreSQL database (DATABASE_URL postgresql://...); use 'whoosh' "
            "with SQLite.")
    config["SEARCH_BACKEND"] = backend
    replica = str(config.get("SEARCH_REPLICA_URL") or "").strip()
    if replica and (backend != "postgres" or not replica.startswith("postgres")):
        raise ConfigurationError(
            "SEARCH_REPLICA_URL hanya untuk SEARCH_BACKEND='postgres' dan harus alamat "
            "PostgreSQL (postgresql://...). / SEARCH_REPLICA_URL needs SEARCH_BACKEND="
            "'postgres' and a PostgreSQL URL (postgresql://...).")
    config["SEARCH_REPLICA_URL"] = normalise_database_url(replica)


def _check_timezone(name: Any) -> None:
    """A misspelt zone is a start-up error, not a failure on the first page with a time."""
    from jdih.core.timeutil import zone

    try:
        zone(str(name or ""))
    except ValueError as error:
        raise ConfigurationError(f"TIMEZONE must be an IANA time zone such as Asia/Jakarta, not {name!r}.") from error


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
