"""How the current request wants to be answered."""
from __future__ import annotations

from flask import request


def wants_json() -> bool:
    """True for the API and for clients that prefer JSON to HTML."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"])
