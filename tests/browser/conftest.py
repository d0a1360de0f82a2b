"""Browser harness: the real app behind a real HTTP server, driven by
headless Chromium through Playwright's sync API.

Fixtures for every journey (tests/browser/test_browser_<area>.py):

- ``live_server``: a fresh app (temporary SQLite file, upload and index
  directories, vocabularies and one account per role) served by werkzeug on
  127.0.0.1 and a free port, in a background thread stopped after the test.
- ``chromium``: one headless Debian Chromium for the whole session
  (/usr/bin/chromium; Playwright's own browser builds are never downloaded).
- ``browser_page`` (alias ``page``): a new page in a fresh context whose
  base URL is the live server, so ``page.goto("/masuk")`` works.
- ``login(page, email, password)`` and ``logout(page)``: through the real
  login form and the header's logout button.

Journeys are marked ``@pytest.mark.browser``; ``-m "not browser"`` skips them.
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest
from flask import Flask, got_request_exception
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from conftest import PASSWORD, make_config
from schema_setup import create_schema

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
#: Milliseconds a Playwright action or expectation waits before failing.
TIMEOUT_MS = 10_000
#: One account per role, all with ``conftest.PASSWORD``.
ACCOUNTS = {"admin": "admin@uji.id", "editor": "editor@uji.id", "partner": "mitra@uji.id"}


@dataclass
class LiveServer:
    """A running app: ``url`` to browse, ``app`` for setup and checks.

    ``server_errors`` collects the exceptions the app raised while serving;
    a journey fails when any is left at the end (clear it if one is meant).
    """

    app: Flask
    url: str
    server_errors: list[BaseException] = field(default_factory=list)
    accounts: dict[str, str] = field(default_factory=lambda: dict(ACCOUNTS))
    password: str = PASSWORD


class QuietRequestHandler(WSGIRequestHandler):
    """No access log per request: a journey makes dozens of them."""

    def log_request(self, code="-", size="-") -> None:
        pass


def build_app(tmp_path: Path) -> Flask:
    from jdih import create_app
    from jdih.accounts.operations import create_user
    from jdih.extensions import db

    # A real server, not the test client: TESTING off so errors become pages.
    config = make_config(f"sqlite:///{tmp_path / 'browser.sqlite3'}", tmp_path, TESTING=False)
    app = create_app(config)
    create_schema(app)
    with app.app_context():
        for role, email in ACCOUNTS.items():
            create_user(email, PASSWORD, role)
        db.session.commit()
    return app


def _serve(server: BaseWSGIServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    return thread


@contextmanager
def serving(app: Flask) -> Iterator[LiveServer]:
    """``app`` served on 127.0.0.1 and a free port until the block ends;
    fails at the end when the app raised while serving."""
    from jdih.extensions import db, limiter

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler)
    live = LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")

    def record_error(sender, exception, **extra) -> None:
        live.server_errors.append(exception)

    got_request_exception.connect(record_error, app)
    thread = _serve(server)
    try:
        yield live
    finally:
        server.shutdown()
        got_request_exception.disconnect(record_error, app)
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        limiter.reset()
    assert not thread.is_alive(), "the live server thread did not stop"
    assert not live.server_errors, f"the app raised while serving: {live.server_errors!r}"


@pytest.fixture
def live_server(tmp_path) -> Iterator[LiveServer]:
    with serving(build_app(tmp_path)) as live:
        yield live


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session, or a skip when it is missing."""
    if not CHROMIUM.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing on CI: .ci/run should have installed it")
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package "
                    "(apt-get install chromium) to run the browser journeys")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def browser_page(chromium, live_server):
    """A page in a fresh context (no cookies) aimed at the live server."""
    context = chromium.new_context(base_url=live_server.url, accept_downloads=True,
                                   locale="id-ID")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser_page):
    return browser_page


def login(page, email: str, password: str = PASSWORD) -> None:
    """Log in through /masuk and wait for the welcome message."""
    from playwright.sync_api import expect

    page.goto("/masuk")
    form = page.locator("main form")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Kata sandi").fill(password)
    form.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("status")).to_contain_text("Selamat datang.")


def logout(page) -> None:
    """Log out with the header's button and wait for the confirmation."""
    from playwright.sync_api import expect

    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("status")).to_contain_text("Anda telah keluar.")
