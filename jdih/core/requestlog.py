"""Structured logs: one JSON line per request, every line with its request id.

The id comes from the proxy's ``X-Request-ID`` when it is a sane token
(nginx sets ``$request_id``), else a fresh one; it is echoed in the answer
so a person reporting an error can quote it and staff can find the line.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import datetime, timezone
from typing import Any

from flask import Flask, Response, g, has_request_context, request
from flask_login import current_user

REQUEST_ID_HEADER = "X-Request-ID"
# Anything else (spaces, quotes, newlines) could forge log lines: replaced.
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
#: Fields a record may carry beside its message (``extra=``).
FIELDS = ("method", "path", "status", "duration_ms", "user_id", "remote_addr")

request_log = logging.getLogger("jdih.request")


def current_request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    """Stamp every record logged during a request with that request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        entry.update({name: getattr(record, name) for name in FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _start() -> None:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _user_id() -> int | None:
    try:
        return current_user.id if current_user.is_authenticated else None
    except Exception:  # the user's row may be what failed; the log line must still go out
        return None


def _finish(response: Response) -> Response:
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_started")
    duration = round((time.perf_counter() - started) * 1000, 1) if started is not None else None
    request_log.info("%s %s %s", request.method, request.path, response.status_code, extra={
        "request_id": request_id, "method": request.method, "path": request.path,
        "status": response.status_code, "duration_ms": duration, "user_id": _user_id(),
        "remote_addr": request.remote_addr})
    return response


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a line is logged (test
    runners and servers swap it after start-up)."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self) -> Any:  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def install_json_logging() -> logging.Handler:
    """JSON lines for the ``jdih`` loggers on stderr (once per process)."""
    logger = logging.getLogger("jdih")
    for handler in logger.handlers:
        if getattr(handler, "jdih_json", False):
            return handler
    handler = _StderrHandler()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    handler.jdih_json = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    return handler


def init_app(app: Flask) -> None:
    if app.config.get("LOG_JSON"):
        install_json_logging()
    app.before_request(_start)
    app.after_request(_finish)
