"""Response hardening: security headers on every answer, no caching of
what a login shows, body size limits, and the proxy in front of the app.

Wired by ``create_app`` (``init_app``) before the extensions, so the body
limit is in place before CSRF protection reads the form.
"""
from __future__ import annotations

from typing import Any, Callable, TypeVar

from flask import Flask, Response, current_app, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

# No inline scripts or styles anywhere: every template takes its CSS from
# static/ and there is no JavaScript, so 'self' is all a page needs.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    # PDFs open in the browser's own viewer from this site.
    "object-src 'self'",
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
))

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

#: Pages for staff and admins: never kept by a browser or a shared cache.
PRIVATE_PREFIXES = ("/staf", "/admin")

F = TypeVar("F", bound=Callable[..., Any])


def accepts_uploads(view: F) -> F:
    """Mark a view whose body may hold a file (up to MAX_CONTENT_LENGTH);
    every other body is held to MAX_FORM_BODY_KB."""
    view.accepts_uploads = True  # type: ignore[attr-defined]
    return view


def view_accepts_uploads() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "accepts_uploads", False))


def body_limit() -> int:
    """Bytes the current request's body may have."""
    if view_accepts_uploads():
        return int(current_app.config["MAX_CONTENT_LENGTH"])
    return int(current_app.config["MAX_FORM_BODY_KB"]) * 1024


def _limit_body() -> None:
    # Werkzeug raises 413 when the form is read (by CSRF protection, first),
    # and also for chunked bodies that declare no length.
    request.max_content_length = body_limit()


def _is_private() -> bool:
    if request.path.startswith(PRIVATE_PREFIXES) or request.authorization is not None:
        return True
    try:
        return bool(current_user and current_user.is_authenticated)
    except Exception:  # the user could not be loaded (the error being answered): err on the private side
        return True


def _add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        max_age = int(current_app.config["HSTS_MAX_AGE"])
        response.headers.setdefault("Strict-Transport-Security", f"max-age={max_age}; includeSubDomains")
    if _is_private():
        # What a login shows stays with that login: no browser or proxy copy.
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
        response.vary.add("Cookie")
    return response


def allow_same_origin_framing(response: Response) -> Response:
    """Let this site's own pages embed ``response`` (a PDF in the document
    page's viewer); every other answer keeps frame-ancestors 'none'."""
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'")
    return response


def install_proxy_fix(app: Flask) -> None:
    """Trust ``PROXY_FIX_HOPS`` proxies' X-Forwarded-* headers (0: none), so
    rate limits and logs see the client's address, not nginx's."""
    hops = int(app.config.get("PROXY_FIX_HOPS") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops,  # type: ignore[method-assign]
                                x_port=hops)


def init_app(app: Flask) -> None:
    install_proxy_fix(app)
    app.before_request(_limit_body)
    app.after_request(_add_headers)
