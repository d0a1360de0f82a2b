"""Time helpers: every stored timestamp is timezone-aware UTC.

What people read is Indonesian: dates as "16 Agustus 2017" (Babel, locale
``id``) and times in the office's zone (setting ``TIMEZONE``, default
Asia/Jakarta) with its abbreviation ("24 Oktober 2025 14.05 WIB"). JSON,
the API and feeds keep ISO 8601; these helpers are for sentences and pages.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_datetime

LOCALE = "id"
DEFAULT_TIMEZONE = "Asia/Jakarta"
DAY_FORMAT = "d MMMM y"
# "z" gives the short Indonesian zone name: WIB, WITA, WIT.
TIME_FORMAT = "d MMMM y HH.mm z"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(value: datetime) -> datetime:
    """SQLite hands timestamps back without a zone: they were stored as UTC."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def zone(name: Optional[str] = None) -> ZoneInfo:
    """The zone named by a ``TIMEZONE`` setting; ValueError for an unknown name."""
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"Unknown time zone {name!r}") from error


def format_day(value: date) -> str:
    """date(2017, 8, 16) -> '16 Agustus 2017'."""
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, DAY_FORMAT, locale=LOCALE)


def format_time(value: datetime, zone_name: Optional[str] = None) -> str:
    """A UTC timestamp as the office reads it: '24 Oktober 2025 14.05 WIB'."""
    return format_datetime(as_utc(value), TIME_FORMAT, tzinfo=zone(zone_name), locale=LOCALE)


def format_local_day(value: datetime, zone_name: Optional[str] = None) -> str:
    """The day of a UTC timestamp in the office's zone: '24 Oktober 2025'."""
    return format_datetime(as_utc(value), DAY_FORMAT, tzinfo=zone(zone_name), locale=LOCALE)
