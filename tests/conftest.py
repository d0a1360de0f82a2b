"""Shared fixtures: the app on SQLite, and again on PostgreSQL when
JDIH_TEST_POSTGRES_URL names a server (the PostgreSQL runs are skipped
otherwise, never faked).

Each test gets an empty schema: SQLite in a temporary file, PostgreSQL in a
schema of its own that is dropped afterwards.
"""
from __future__ import annotations

import hashlib
import os
import re
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text

from jdih import create_app
from jdih.demo.commands import DATA_DIR
from jdih.extensions import db
from schema_setup import create_schema

POSTGRES_URL = os.environ.get("JDIH_TEST_POSTGRES_URL")
# The demo data that ships with the package: what `flask demo load` reads.
DEMO_DATA_DIR = DATA_DIR
#: Files vendored for the tests (see tests/data/README.md).
TEST_DATA_DIR = Path(__file__).resolve().parent / "data"
PASSWORD = "rahasia-uji-123"

DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not POSTGRES_URL, reason="JDIH_TEST_POSTGRES_URL not set"))]


def _postgres_url_with_schema(schema: str) -> str:
    """The test server with ``schema`` first on the search path, then
    public, where extensions (pg_trgm) live: they are per database, and
    each test's schema is dropped afterwards."""
    from jdih.config import normalise_database_url

    url = normalise_database_url(POSTGRES_URL)
    separator = "&" if "?" in url else "?"
    path = schema if schema == "public" else f"{schema}%2Cpublic"
    # Tests need no crash durability: commits do not wait for the disk.
    return f"{url}{separator}options=-csearch_path%3D{path}%20-csynchronous_commit%3Doff"


@contextmanager
def empty_database(kind: str, tmp_path: Path, name: str = "test") -> Iterator[str]:
    """The URL of an empty database of ``kind``: a SQLite file, or a
    PostgreSQL schema of its own that is dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
        return
    schema = name[0] + "_" + uuid.uuid4().hex[:12]
    admin = create_engine(_postgres_url_with_schema("public"))
    with admin.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(71120000)"))  # parallel runs
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _postgres_url_with_schema(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(autouse=True, scope="session")
def _remember_pdf_texts():
    """A PDF's page texts are a function of its bytes (and the limits it is
    parsed under). Each parse is a child process (about 0.15 s), and every
    test that loads the demo parses the same 37 sample PDFs again: remember
    the successful parses for the session. Refusals are never remembered,
    so the limits' own tests still meet a real child."""
    from jdih.catalogue import pdftext

    parse, parsed = pdftext.extract_pages, {}

    def remembered(data: bytes, *, seconds: float, memory_mb: int) -> list[str]:
        key = (hashlib.sha256(data).digest(), seconds, memory_mb)
        if key not in parsed:
            parsed[key] = parse(data, seconds=seconds, memory_mb=memory_mb)
        return list(parsed[key])

    pdftext.extract_pages = remembered
    yield
    pdftext.extract_pages = parse


@pytest.fixture(params=DATABASES)
def database_url(request, tmp_path) -> Iterator[str]:
    with empty_database(request.param, tmp_path) as url:
        yield url


def make_config(database_url: str, tmp_path: Path, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "IMPORT_DIR": str(tmp_path / "imports"),
        "FEED_CACHE_DIR": str(tmp_path / "feed-cache"),
        "TASKS_SQLITE_PATH": str(tmp_path / "tasks.sqlite3"),
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "RATELIMIT_ENABLED": True,
        # Tests read the index right after a commit: every task (the search
        # drain among them) runs inline when it is enqueued.
        "TASKS_IMMEDIATE": True,
        # OCR costs about a second a page: only the OCR tests (tests/ocr) turn it on.
        "OCR_ENABLED": False,
    }
    config.update(overrides)
    return config


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    return make_config(database_url, tmp_path)


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    create_schema(app)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    from jdih.search.service import close_backends

    close_backends()
    from jdih.extensions import limiter

    limiter.reset()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def make_user(app, email: str, role: str) -> int:
    from jdih.accounts.operations import create_user

    with app.app_context():
        user = create_user(email, PASSWORD, role)
        db.session.commit()
        return user.id


@pytest.fixture
def users(app) -> dict[str, str]:
    """One account per role; returns role -> email."""
    emails = {"admin": "admin@uji.id", "editor": "editor@uji.id", "partner": "mitra@uji.id"}
    for role, email in emails.items():
        make_user(app, email, role)
    return emails


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no csrf_token in the page"
    return match.group(1) or match.group(2)


class AuthActions:
    """Log in and out through the real login form, CSRF token included."""

    def __init__(self, client):
        self.client = client

    def csrf_token(self, path: str = "/masuk") -> str:
        return csrf_token_from(self.client.get(path).get_data(as_text=True))

    def login(self, email: str, password: str = PASSWORD, next_url: str = ""):
        token = self.csrf_token("/masuk")
        return self.client.post("/masuk", data={"email": email, "password": password,
                                                "csrf_token": token, "next": next_url})

    def logout(self):
        token = self.csrf_token("/")
        return self.client.post("/keluar", data={"csrf_token": token})

    def post(self, path: str, data: dict | None = None, form_page: str = "/", **kwargs):
        """POST with a CSRF token read from ``form_page``."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token(form_page))
        return self.client.post(path, data=data, **kwargs)


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


def client_as(app, role: str, bearer: str = "", password: str = PASSWORD):
    """A test client acting as ``role``: anonymous, a bearer ``token``, or
    logged in as ``<role>@uji.id`` through the real login form."""
    client = app.test_client()
    if role == "token":
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {bearer}"
    elif role != "anonymous":
        token = csrf_token_from(client.get("/masuk").get_data(as_text=True))
        response = client.post("/masuk", data={"email": f"{role}@uji.id", "password": password,
                                               "csrf_token": token})
        assert response.status_code == 302, f"login as {role} failed"
    return client


def issue_token(app, name: str = "Bawaslu") -> tuple[int, str]:
    """A partner API token issued through the API's own operation: (id, token)."""
    from jdih.api import tokens

    with app.app_context():
        record, token = tokens.issue_token(name)
        db.session.commit()
        return record.id, token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
