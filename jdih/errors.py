"""Error pages for people, one JSON error shape for machines."""
from __future__ import annotations

from flask import Flask, jsonify, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from jdih.accounts.access import wants_json

MESSAGES = {
    400: "Permintaan tidak valid.",
    401: "Anda perlu masuk terlebih dahulu.",
    403: "Anda tidak memiliki akses ke halaman ini.",
    404: "Halaman tidak ditemukan.",
    405: "Metode tidak diizinkan.",
    413: "Berkas terlalu besar.",
    429: "Terlalu banyak percobaan. Silakan coba lagi nanti.",
    500: "Terjadi kesalahan pada server.",
}


def error_response(status: int, message: str | None = None, code: str | None = None):
    message = message or MESSAGES.get(status, "Terjadi kesalahan.")
    if wants_json():
        body = {"error": {"status": status, "code": code or f"http_{status}", "message": message}}
        return jsonify(body), status
    return render_template("errors/error.html", status=status, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_response(400, "Sesi formulir kedaluwarsa atau tidak valid. Muat ulang halaman "
                                   "dan coba lagi.", code="csrf_failed")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 413:
            limit = app.config["MAX_UPLOAD_MB"]
            return error_response(413, f"Berkas terlalu besar (batas {limit} MB).", "too_large")
        return error_response(error.code or 500, None)
