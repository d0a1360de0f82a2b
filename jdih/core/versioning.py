"""Optimistic locking for records people edit in forms (documents, news).

Each such record has a ``version`` column that SQLAlchemy bumps on every
UPDATE and checks in its WHERE clause (``version_id_col``). The edit form
carries the version it was loaded at; a save made from an older version is
refused with the fields that differ, instead of silently undoing a
colleague's change. Two saves racing past that check still meet the
version in the UPDATE: the loser's StaleDataError becomes the same refusal.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from jdih.core.errors import UserError

STALE_MESSAGE = ("Data ini sudah diubah orang lain sejak Anda membukanya, sehingga perubahan Anda "
                 "belum disimpan agar perubahan mereka tidak hilang.")
KEPT = "Isian Anda tetap di formulir: periksa, lalu simpan lagi bila masih perlu."


class StaleEdit(UserError):
    """A save based on an outdated version; ``differences`` maps field
    labels to the value stored now."""

    def __init__(self, differences: Optional[dict[str, Any]] = None, current_version: Optional[int] = None):
        self.differences = differences or {}
        self.current_version = current_version
        parts = [STALE_MESSAGE]
        if self.differences:
            listed = "; ".join(f"{label} (tersimpan: \u201c{_short(value)}\u201d)"
                               for label, value in self.differences.items())
            parts.append(f"Isian yang berbeda dari versi tersimpan: {listed}.")
        parts.append(KEPT)
        super().__init__(" ".join(parts))


def _short(value: Any, limit: int = 80) -> str:
    if value in (None, "", []):
        return "kosong"
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def parse_version(raw: Any) -> Optional[int]:
    """The version a form carried; None when absent or unreadable."""
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def check(obj: Any, expected: Optional[int], differences: Callable[[], dict[str, Any]]) -> None:
    """Refuse when ``obj`` moved on since version ``expected`` was loaded.

    ``differences`` is called only on refusal; it may change ``obj`` in
    memory (the caller's rollback undoes it). None skips the check (callers
    that never saw a version, such as the CLI)."""
    if expected is None or obj.version == expected:
        return
    raise StaleEdit(differences(), obj.version)
