"""The log's filters: by user, by area, by action and by a range of days.

``LogFilter.from_args`` reads the query string; a value that cannot be read
is dropped with a message for the person (the log still shows, unfiltered
by it), never a 500."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Optional

from sqlalchemy import or_

from jdih.core.audit import ACTION_LABELS, AuditEntry
from jdih.core.timeutil import zone

#: Actions about relations: recorded on the documents at both ends.
RELATION_ACTIONS = ("relation_add", "relation_remove", "status_override")

#: key -> (label, condition on AuditEntry).
AREAS: dict[str, tuple[str, Any]] = {
    "dokumen": ("Dokumen dan berkas", AuditEntry.object_type.in_(("document", "attachment"))
                & AuditEntry.action.not_in(RELATION_ACTIONS)),
    "berita": ("Berita dan sitasi", AuditEntry.object_type.in_(("news", "news_photo", "worklist"))),
    "akun": ("Akun pengguna", AuditEntry.object_type == "user"),
    "token": ("Token API", AuditEntry.object_type == "api_token"),
    "relasi": ("Relasi dan status", or_(AuditEntry.action.in_(RELATION_ACTIONS),
                                        AuditEntry.object_type == "relation")),
    "kosakata": ("Kosakata dan alias sitasi", AuditEntry.object_type.in_(
        ("jenis", "term", "citation_alias", "search_synonym"))),
    "halaman": ("Halaman profil", AuditEntry.object_type == "page"),
}
#: The user filter's value for changes made by the CLI or the demo loader.
SYSTEM = "sistem"


def _day(text: Optional[str], label: str, problems: list[str]) -> Optional[date]:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        problems.append(f"Tanggal {label} tidak dikenali (gunakan format TTTT-BB-HH); saringan itu diabaikan.")
        return None


@dataclass
class LogFilter:
    user: Optional[str] = None
    area: Optional[str] = None
    action: Optional[str] = None
    start: Optional[date] = None
    end: Optional[date] = None
    object_type: Optional[str] = None
    object_id: Optional[int] = None
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args: Any) -> "LogFilter":
        problems: list[str] = []
        user = args.get("pengguna") or None
        if user is not None and user != SYSTEM and not user.isdigit():
            user = None
        start = _day(args.get("dari"), "awal", problems)
        end = _day(args.get("sampai"), "akhir", problems)
        if start and end and start > end:
            problems.append("Tanggal awal sesudah tanggal akhir; keduanya ditukar.")
            start, end = end, start
        return cls(user=user, area=args.get("area") if args.get("area") in AREAS else None,
                   action=args.get("aksi") if args.get("aksi") in ACTION_LABELS else None,
                   start=start, end=end, object_type=args.get("objek") or None,
                   object_id=args.get("id", type=int), problems=problems)

    def apply(self, query, zone_name: Optional[str] = None):
        """``query`` narrowed; days are the office's days (``TIMEZONE``)."""
        if self.user == SYSTEM:
            query = query.where(AuditEntry.user_id.is_(None))
        elif self.user:
            query = query.where(AuditEntry.user_id == int(self.user))
        if self.area:
            query = query.where(AREAS[self.area][1])
        if self.action:
            query = query.where(AuditEntry.action == self.action)
        if self.object_type:
            query = query.where(AuditEntry.object_type == self.object_type)
        if self.object_id is not None:
            query = query.where(AuditEntry.object_id == self.object_id)
        if self.start:
            query = query.where(AuditEntry.at >= _midnight(self.start, zone_name))
        if self.end:
            query = query.where(AuditEntry.at < _midnight(self.end + timedelta(days=1), zone_name))
        return query


def _midnight(day: date, zone_name: Optional[str]) -> datetime:
    """The start of ``day`` in the office's zone, in UTC (as entries are stored;
    SQLite keeps no zone, so the bound must already be UTC)."""
    return datetime.combine(day, time(), zone(zone_name)).astimezone(timezone.utc)
