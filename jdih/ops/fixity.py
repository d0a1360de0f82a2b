"""Fixity: every stored file still has the SHA-256 it was stored under.

Archives kept under UU 43/2009 must show that what they hold is what was
deposited. Files live under their own hash (catalogue.storage), so a check
is: does the file exist, and does its content still hash to its name.
``run_and_record`` is what the worker schedules; ``last_result`` is what
/healthz and the admin page show.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from sqlalchemy import select

from jdih.catalogue.attachments import file_store
from jdih.catalogue.models import Attachment, StoredFile
from jdih.core.timeutil import utcnow
from jdih.extensions import db
from jdih.news.models import NewsPhoto
from jdih.ops.models import FixityCheck

MISSING, ALTERED = "missing", "altered"
#: Problems kept with a check's record; the counts are always complete.
PROBLEMS_KEPT = 200


@dataclass
class FixityReport:
    checked: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for problem in self.problems if problem["kind"] == kind)

    @property
    def ok(self) -> bool:
        return not self.problems


def expected_files() -> dict[str, list[str]]:
    """sha256 -> the records that use the file (every file the database names)."""
    users: dict[str, list[str]] = defaultdict(list)
    for sha256 in db.session.scalars(select(StoredFile.sha256)):
        users[sha256]
    for attachment_id, sha256, document_id in db.session.execute(
            select(Attachment.id, Attachment.sha256, Attachment.document_id)):
        users[sha256].append(f"lampiran {attachment_id} (dokumen {document_id})")
    for photo_id, sha256, news_id in db.session.execute(select(NewsPhoto.id, NewsPhoto.sha256, NewsPhoto.news_id)):
        users[sha256].append(f"foto {photo_id} (berita {news_id})")
    return dict(users)


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def verify_files() -> FixityReport:
    """Hash every file the database names (must run in an app context)."""
    store, report = file_store(), FixityReport()
    for sha256, used_by in sorted(expected_files().items()):
        report.checked += 1
        path = store.path_for(sha256)
        if not path.is_file():
            report.problems.append({"kind": MISSING, "sha256": sha256, "used_by": used_by})
        elif file_sha256(path) != sha256:
            report.problems.append({"kind": ALTERED, "sha256": sha256, "used_by": used_by})
    return report


def run_and_record() -> FixityCheck:
    """Verify and keep the result (the worker's scheduled job; the CLI too)."""
    started = utcnow()
    report = verify_files()
    check = FixityCheck(started_at=started, finished_at=utcnow(), checked=report.checked,
                        missing=report.count(MISSING), altered=report.count(ALTERED),
                        problems=report.problems[:PROBLEMS_KEPT])
    db.session.add(check)
    db.session.commit()
    return check


def latest_check() -> Optional[FixityCheck]:
    return db.session.scalar(select(FixityCheck).order_by(FixityCheck.started_at.desc(), FixityCheck.id.desc())
                             .limit(1))


def last_result() -> Optional[dict[str, Any]]:
    """The last check as plain data (for /healthz), or None if none ran yet."""
    check = latest_check()
    if check is None:
        return None
    return {"ok": check.ok, "started_at": check.started_at.isoformat(),
            "finished_at": check.finished_at.isoformat() if check.finished_at else None,
            "checked": check.checked, "missing": check.missing, "altered": check.altered}
