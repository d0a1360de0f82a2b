"""Built JDIHN feed bodies, shared by every process through files in
``FEED_CACHE_DIR`` (default instance/cache/jdihn).

A body costs seconds and megabytes at 10,000 documents: one writer (the
worker) builds it once per version and every web process reads the file,
instead of each process building its own on the request that misses.
Files are written beside their final name and renamed into place, so a
reader sees a whole body or none.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Optional

from flask import current_app

#: Bodies kept per slot (page/limit/host): the current and the one before,
#: which a reader may still be opening.
KEEP = 2


def _folder() -> Path:
    folder = Path(current_app.config["FEED_CACHE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def slot(page: Optional[int], limit: Optional[int], host_url: str) -> str:
    return hashlib.sha256(repr((page, limit, host_url)).encode()).hexdigest()[:24]


def _body_path(slot_name: str, etag: str) -> Path:
    return _folder() / f"{slot_name}-{etag}.json"


def read(slot_name: str, etag: str) -> Optional[bytes]:
    try:
        return _body_path(slot_name, etag).read_bytes()
    except OSError:
        return None


def latest(slot_name: str) -> Optional[tuple[str, bytes]]:
    """The newest body written for this slot, whatever its version."""
    try:
        etag = (_folder() / f"{slot_name}.current").read_text(encoding="ascii").strip()
    except OSError:
        return None
    body = read(slot_name, etag)
    return None if body is None else (etag, body)


def _replace(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _age_key(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def write(slot_name: str, etag: str, body: bytes) -> None:
    _replace(_body_path(slot_name, etag), body)
    _replace(_folder() / f"{slot_name}.current", etag.encode("ascii"))
    bodies = sorted(_folder().glob(f"{slot_name}-*.json"), key=_age_key, reverse=True)
    for old in bodies[KEEP:]:
        try:
            old.unlink()
        except OSError:
            pass  # another writer removed it first
