"""The one JSON error shape of the API and the JDIHN feed.

``{"error": {"status": 404, "code": "http_404", "message": "..."}}``, as
``jdih.errors.error_response`` gives machines (same default codes), but
always JSON here, even for clients that prefer HTML and for the feed
outside /api/.

Errors raised while routing (an unknown /api/ URL, a wrong method) never
reach a blueprint; ``jdih.errors`` answers those with the same shape because
``wants_json`` treats /api/ as JSON.
"""
from __future__ import annotations

from typing import Optional

from flask import Blueprint, current_app, jsonify
from werkzeug.exceptions import HTTPException

from jdih.errors import MESSAGES

#: Headers of an HTTP exception worth passing on to the client.
KEPT_HEADERS = ("allow", "retry-after")


class ApiError(Exception):
    """Raise from an API view to answer with the JSON error shape."""

    def __init__(self, status: int, message: Optional[str] = None, code: Optional[str] = None,
                 retry_after: Optional[int] = None):
        super().__init__(message)
        self.status = status
        self.message = message or MESSAGES.get(status, "Terjadi kesalahan.")
        self.code = code or f"http_{status}"
        #: Seconds a client should wait before asking again (503).
        self.retry_after = retry_after


def bad_parameter(name: str, message: str) -> ApiError:
    return ApiError(400, f"Parameter {name!r} tidak valid: {message}", "bad_parameter")


def error_body(status: int, message: Optional[str] = None, code: Optional[str] = None) -> dict:
    return {"error": {"status": status, "code": code or f"http_{status}",
                      "message": message or MESSAGES.get(status, "Terjadi kesalahan.")}}


def json_error(status: int, message: Optional[str] = None, code: Optional[str] = None):
    response = jsonify(error_body(status, message, code))
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="jdih-api"'
    return response


def _http_error(error: HTTPException):
    status = error.code or 500
    message, code = None, None
    if status == 429:
        message, code = "Terlalu banyak permintaan. Coba lagi setelah beberapa saat.", "rate_limited"
    elif status == 413:
        message = f"Permintaan terlalu besar (batas {current_app.config['MAX_UPLOAD_MB']} MB)."
    response = json_error(status, message, code)
    for name, value in error.get_headers():
        if name.lower() in KEPT_HEADERS:
            response.headers[name] = value
    return response


def install(bp: Blueprint) -> None:
    """JSON errors for everything raised in ``bp``'s views and before them."""
    from jdih.api.tokens import InvalidToken

    @bp.errorhandler(ApiError)
    def api_error(error: ApiError):
        response = json_error(error.status, error.message, error.code)
        if error.retry_after is not None:
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    @bp.errorhandler(InvalidToken)
    def invalid_token(error: InvalidToken):
        return json_error(401, "Token API tidak dikenal atau sudah dicabut.", "invalid_token")

    bp.register_error_handler(HTTPException, _http_error)
