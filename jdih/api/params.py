"""Strict parsing of query-string parameters: a bad value is a 400, never
silently ignored, so a client's typo does not look like an empty result."""
from __future__ import annotations

from typing import Iterable, Optional

from flask import request

from jdih.api.errors import bad_parameter

KNOWN_COMMON = ("page", "limit", "cursor")


def integer(name: str, *, minimum: int = 1, maximum: Optional[int] = None,
            default: Optional[int] = None) -> Optional[int]:
    raw = request.args.get(name)
    if raw is None:
        return default
    raw = raw.strip()
    if not raw.isdigit() or len(raw) > 9:
        raise bad_parameter(name, "harus berupa bilangan bulat positif.")
    value = int(raw)
    if value < minimum or (maximum is not None and value > maximum):
        raise bad_parameter(name, f"harus antara {minimum} dan {maximum}." if maximum is not None
                            else f"minimal {minimum}.")
    return value


def choice(name: str, allowed: Iterable[str]) -> Optional[str]:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    allowed = tuple(allowed)
    if raw not in allowed:
        raise bad_parameter(name, "nilai yang dikenal: " + ", ".join(allowed) + ".")
    return raw


def text(name: str, max_length: int = 200) -> Optional[str]:
    raw = request.args.get(name)
    if raw is None or not raw.strip():
        return None
    if len(raw) > max_length:
        raise bad_parameter(name, f"terlalu panjang (maksimal {max_length} karakter).")
    return raw.strip()


def reject_unknown(known: Iterable[str]) -> None:
    """Refuse parameters the endpoint does not have (typos such as ``tahun``)."""
    unknown = sorted(set(request.args) - set(known))
    if unknown:
        raise bad_parameter(unknown[0], "parameter tidak dikenal.")
