"""GET /api/v1/statistik: the statistics page's figures as JSON (public
documents only, whatever token is sent)."""
from __future__ import annotations

from flask import jsonify

from jdih.stats import queries


def statistics():
    return jsonify(queries.as_json(queries.cached_statistics()))
