"""Error pages for people, one JSON error shape for machines."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from jdih.core.errors import StorageError
from jdih.core.guards import RejectedInput, check_request
from jdih.core.http import wants_json
from jdih.core.security import view_accepts_uploads

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


def error_response(status: int, message: str | None = None, code: str | None = None,
                   back_url: str | None = None):
    """The error as JSON for machines, or as a page for people; ``back_url``
    gives people a way back to the form they came from."""
    message = message or MESSAGES.get(status, "Terjadi kesalahan.")
    if wants_json():
        body = {"error": {"status": status, "code": code or f"http_{status}", "message": message}}
        return jsonify(body), status
    return render_template("errors/error.html", status=status, message=message,
                           back_url=back_url), status


def _form_page_of_upload() -> str | None:
    """The edit page whose upload form sent this (too large) request."""
    if request.endpoint == "catalogue_admin.upload_attachment" and request.view_args:
        return url_for("catalogue_admin.edit_document", document_id=request.view_args["document_id"])
    return None


def register(app: Flask) -> None:
    @app.before_request
    def reject_unsafe_input():
        # Before every blueprint's hooks and views: nothing reads the input first.
        try:
            check_request()
        except RejectedInput as error:
            return error_response(error.status, error.message, error.code)
        return None

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_response(400, "Sesi formulir kedaluwarsa atau tidak valid. Muat ulang halaman "
                                   "dan coba lagi.", code="csrf_failed")

    @app.errorhandler(StorageError)
    def storage_error(error: StorageError):
        # Nothing was committed: the request's transaction ends without a
        # commit, and the files it wrote go with it.
        app.logger.error("file storage failed", exc_info=error)
        return error_response(507, error.message, "storage_failed", back_url=_form_page_of_upload())

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 413 and not view_accepts_uploads():
            limit_kb = app.config["MAX_FORM_BODY_KB"]
            return error_response(413, f"Permintaan terlalu besar (batas {limit_kb} KB). Perpendek isian "
                                       "lalu kirim lagi.", "too_large")
        if error.code == 413:
            # Raised while the body is read, before any view ran: nothing stored.
            limit = app.config["MAX_UPLOAD_MB"]
            return error_response(413, f"Berkas terlalu besar (batas {limit} MB). Perkecil atau pecah "
                                       "berkasnya, lalu unggah lagi.", "too_large",
                                  back_url=_form_page_of_upload())
        return error_response(error.code or 500, None)
