"""Template filters and globals shared by every area."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, request

from jdih.accounts import access
from jdih.core import timeutil
from jdih.structure import pasal_anchor


def tanggal(value: Any) -> str:
    """Indonesian long date (24 Oktober 2025); a timestamp also gets the
    time in the office's zone (24 Oktober 2025 14.05 WIB)."""
    if not value:
        return "-"
    if isinstance(value, datetime):
        return timeutil.format_time(value, current_app.config.get("TIMEZONE"))
    if isinstance(value, date):
        return timeutil.format_day(value)
    return str(value)


def filesize(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}".replace(".", ",")
        size /= 1024
    return str(size)


def _current_path_with(args: dict[str, list]) -> str:
    query = urlencode(args, doseq=True)
    return request.path + (f"?{query}" if query else "")


def url_with(**changes: Any) -> str:
    """The current URL with some query arguments replaced (for filters, pages)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [value]
    return _current_path_with(args)


def url_without(arg: str, value: Any) -> str:
    """The current URL without one value of a repeated argument (the link
    of a filter chip), back on the first page."""
    args = request.args.to_dict(flat=False)
    kept = [item for item in args.get(arg, []) if item != str(value)]
    if kept:
        args[arg] = kept
    else:
        args.pop(arg, None)
    args.pop("page", None)
    return _current_path_with(args)


def hari(value: Any) -> str:
    """The day alone (24 Oktober 2025); a timestamp is read in the office's zone."""
    if isinstance(value, datetime):
        return timeutil.format_local_day(value, current_app.config.get("TIMEZONE"))
    return tanggal(value)


def init_app(app: Flask) -> None:
    app.add_template_filter(tanggal)
    app.add_template_filter(hari)
    app.add_template_filter(filesize)
    # "Pasal 169 huruf q" -> "pasal-169": the reading view's anchor, or None.
    app.add_template_filter(pasal_anchor)
    app.add_template_global(url_with)
    app.add_template_global(url_without)
    app.add_template_global(access.is_staff)
    app.add_template_global(access.is_admin)
