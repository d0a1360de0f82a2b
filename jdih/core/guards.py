"""Input no view should see: checked once per request, before any view.

PostgreSQL refuses text with a NUL byte and integers beyond its column
types; without this guard such input answers 500 wherever it happens to
reach a query. Here it answers 400 (or 404 for a number in the path) with a
message that names what was wrong.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Optional

from flask import request

#: The largest value of a PostgreSQL ``integer`` column (ids, years, counts).
MAX_SQL_INT = 2**31 - 1
#: Query and form parameters read as integers somewhere and compared in SQL.
INTEGER_PARAMETERS = ("jenis", "tahun", "page", "id", "limit", "per_page", "back_to")


class RejectedInput(Exception):
    """Input refused before any view ran; ``message`` is for people."""

    def __init__(self, status: int, message: str, code: str):
        super().__init__(message)
        self.status, self.message, self.code = status, message, code


def _has_nul(values: Iterable[str]) -> bool:
    return any("\x00" in value for value in values)


def _pairs(multidict: Any) -> list[str]:
    return [text for key, value in multidict.items(multi=True) for text in (key, value)]


def _bad_integer(multidict: Any) -> Optional[str]:
    """The first integer parameter whose value no SQL integer can hold."""
    for name in INTEGER_PARAMETERS:
        for raw in multidict.getlist(name):
            digits = raw.strip().lstrip("+-")
            if digits.isdigit() and (len(digits) > 10 or int(digits) > MAX_SQL_INT):
                return name
    return None


def check_request() -> None:
    """Raise RejectedInput for a NUL byte in the path, a parameter or a form
    value, or an integer parameter out of range."""
    if "\x00" in request.path:
        raise RejectedInput(404, "Alamat halaman memuat karakter NUL yang tidak sah.", "bad_path")
    if any(isinstance(value, int) and value > MAX_SQL_INT for value in (request.view_args or {}).values()):
        raise RejectedInput(404, "Halaman tidak ditemukan: nomor pada alamat terlalu besar.", "not_found")
    if _has_nul(_pairs(request.args)):
        raise RejectedInput(400, "Parameter alamat memuat karakter NUL yang tidak sah.", "bad_parameter")
    name = _bad_integer(request.args)
    if name:
        raise RejectedInput(400, f"Parameter \u201c{name}\u201d harus berupa bilangan bulat yang wajar "
                                 f"(maksimal {MAX_SQL_INT}).", "bad_parameter")
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        if _has_nul(_pairs(request.form)):
            raise RejectedInput(400, "Isian formulir memuat karakter NUL yang tidak sah. Hapus karakter "
                                     "itu lalu kirim lagi.", "bad_form_value")
        name = _bad_integer(request.form)
        if name:
            raise RejectedInput(400, f"Isian \u201c{name}\u201d harus berupa bilangan bulat yang wajar.", "bad_form_value")


def loads_json(text: str | bytes) -> Any:
    """``json.loads`` that refuses deep nesting with ValueError, like any
    other bad JSON: the C decoder stops at the interpreter's recursion
    limit (about 1000 levels) with RecursionError, which callers that only
    expect ValueError would let through as a 500."""
    try:
        return json.loads(text)
    except RecursionError as error:
        raise ValueError("JSON bersarang terlalu dalam.") from error
