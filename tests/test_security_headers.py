"""Security headers on every answer of every GET route (the permission
matrix's cases, as every role), and no inline script, handler or style in
any page, so the Content-Security-Policy needs no 'unsafe-inline'.
"""
from __future__ import annotations

import re

import pytest

from permissions_support import ROLES
from test_permissions import GET_ROWS, bare_app, matrix  # noqa: F401  (the module's world, as fixtures)

REQUIRED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
CSP_PARTS = ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
             "base-uri 'self'", "form-action 'self'", "object-src 'self'")
DOWNLOADS = {"catalogue.download", "news.photo"}

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"<style\b|<[^>]+\sstyle\s*=", re.I)


@pytest.fixture(scope="module", autouse=True)
def limiter_storage(bare_app):  # noqa: F811
    """An app with rate limits on, built first: the matrix's app (limits off)
    gives the shared limiter no storage, and its teardown resets it."""
    return bare_app


def embedded_pdf(response) -> bool:
    """A PDF served inline: the document page shows it in a frame, so this
    site's own pages (and only they) may frame it."""
    return (response.mimetype == "application/pdf"
            and not response.headers.get("Content-Disposition", "").startswith("attachment"))


def header_problems(response, *, private: bool, download: bool = False) -> list[str]:
    framable = download and embedded_pdf(response)
    required = {**REQUIRED, "X-Frame-Options": "SAMEORIGIN"} if framable else REQUIRED
    parts = tuple(part.replace("'none'", "'self'") if part.startswith("frame-ancestors") and framable else part
                  for part in CSP_PARTS)
    problems = [f"{name}: {response.headers.get(name)!r}" for name, value in required.items()
                if response.headers.get(name) != value]
    csp = response.headers.get("Content-Security-Policy", "")
    problems += [f"CSP lacks {part}" for part in parts if part not in csp]
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append("CSP allows unsafe code")
    if not response.headers.get("Permissions-Policy"):
        problems.append("no Permissions-Policy")
    if not re.fullmatch(r"[A-Za-z0-9._:-]+", response.headers.get("X-Request-ID", "")):
        problems.append("no X-Request-ID")
    if private and response.headers.get("Cache-Control") != "no-store":
        problems.append(f"Cache-Control {response.headers.get('Cache-Control')!r} on a private answer")
    if download and response.status_code == 200 and not response.headers.get("Content-Disposition"):
        problems.append("download without Content-Disposition")
    if response.mimetype == "text/html":
        body = response.get_data(as_text=True)
        for name, pattern in (("inline script", INLINE_SCRIPT), ("on* handler", HANDLER_ATTRIBUTE),
                              ("inline style", STYLE)):
            if match := pattern.search(body):
                problems.append(f"{name}: {match.group(0)[:80]}")
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_every_get_route_sends_the_security_headers(matrix, role):  # noqa: F811
    client, world = matrix.client(role), matrix.world
    problems, seen = [], 0
    for r in GET_ROWS:
        for case in r.cases:
            path = world.format(case.path)
            response = client.get(path, headers=case.headers)
            # Logged in, a bearer token, or a staff page: nothing kept in caches.
            private = role != "anonymous" or path.startswith(("/staf", "/admin"))
            problems += [f"{path} as {role} ({response.status_code}): {problem}"
                         for problem in header_problems(response, private=private, download=r.endpoint in DOWNLOADS)]
            response.close()
            seen += 1
    assert seen > 60
    assert not problems, "\n".join(problems)


def test_static_files_and_error_pages_send_them_too(matrix):  # noqa: F811
    client = matrix.client("anonymous")
    for path, status in (("/static/css/app.css", 200), ("/tidak-ada/sama-sekali", 404)):
        response = client.get(path)
        assert response.status_code == status
        assert not header_problems(response, private=False)
        response.close()


def test_public_pages_stay_cacheable_for_anonymous_readers(matrix):  # noqa: F811
    response = matrix.client("anonymous").get(matrix.world.format("{public.file_url}"))
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    response.close()


def test_hsts_only_over_https(matrix):  # noqa: F811
    client = matrix.client("anonymous")
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
