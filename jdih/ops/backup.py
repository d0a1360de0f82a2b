"""``flask --app jdih backup``: one .tar.gz with everything a deployment
must keep: the database (every table as JSON lines, see ``tables``), the
uploaded files, optionally the search index, and the configuration without
its secrets; ``manifest.json`` lists row counts and file hashes so a
restore can prove it lost nothing.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sqlite3
import tarfile
import tempfile
from pathlib import Path
from typing import Any, Iterator

from flask import current_app
from sqlalchemy import Engine, create_engine

from jdih.core.timeutil import utcnow
from jdih.extensions import db
from jdih.ops import tables

FORMAT = "jdih-backup"
VERSION = 1
#: Configuration keys never written into an archive (whatever their value).
SECRET_WORDS = ("SECRET", "PASSWORD", "TOKEN", "KEY", "CREDENTIAL")
#: Files the store writes while uploading: never part of a backup.
TEMPORARY_PREFIX = ".upload-"


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def public_config() -> dict[str, Any]:
    """The settings as plain values, secrets and the database password left out."""
    config = {}
    for key, value in sorted(current_app.config.items()):
        if not key.isupper() or any(word in key for word in SECRET_WORDS) or not _plain(value):
            continue
        config[key] = value
    config["SQLALCHEMY_DATABASE_URI"] = db.engine.url.render_as_string(hide_password=True)
    return config


@contextlib.contextmanager
def snapshot_engine() -> Iterator[Engine]:
    """An engine on a consistent copy of the database: SQLite's online backup
    into a temporary file, or the live PostgreSQL database (read in one
    REPEATABLE READ transaction by the caller)."""
    if db.engine.dialect.name != "sqlite":
        yield db.engine
        return
    with tempfile.TemporaryDirectory(prefix="jdih-backup-") as workdir:
        copy_path = os.path.join(workdir, "snapshot.sqlite3")
        source = sqlite3.connect(db.engine.url.database)
        target = sqlite3.connect(copy_path)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        engine = create_engine(f"sqlite:///{copy_path}")
        try:
            yield engine
        finally:
            engine.dispose()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(utcnow().timestamp()), 0o640
    archive.addfile(info, io.BytesIO(data))


def _add_tables(archive: tarfile.TarFile, workdir: str) -> tuple[dict[str, int], str | None]:
    counts: dict[str, int] = {}
    with snapshot_engine() as engine, engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            revision = tables.alembic_revision(conn)
            for table in db.metadata.sorted_tables:
                path = os.path.join(workdir, f"{table.name}.jsonl")
                with open(path, "w", encoding="utf-8") as out:
                    counts[table.name] = tables.dump_table(conn, table, out)
                archive.add(path, f"database/{table.name}.jsonl")
    return counts, revision


def _walk_files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith(TEMPORARY_PREFIX):
            yield path


def _add_files(archive: tarfile.TarFile, root: Path, prefix: str) -> dict[str, str]:
    """Add every file under ``root`` as ``prefix/<relative path>``; returns path -> sha256."""
    hashes = {}
    for path in _walk_files(root):
        relative = path.relative_to(root).as_posix()
        with path.open("rb") as handle:
            hashes[relative] = hashlib.file_digest(handle, "sha256").hexdigest()
        archive.add(str(path), f"{prefix}/{relative}", recursive=False)
    return hashes


def create_backup(out_path: str | os.PathLike[str], *, with_index: bool = False) -> dict[str, Any]:
    """Write the archive to ``out_path`` (via a temporary name, so a failed run
    leaves no half archive under the real one); returns the manifest."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    partial = out_path.with_name(out_path.name + ".partial")
    # Owner-only from the first byte: the archive holds password and token hashes.
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with tempfile.TemporaryDirectory(prefix="jdih-backup-") as workdir, os.fdopen(fd, "wb") as raw:
        with tarfile.open(fileobj=raw, mode="w:gz") as archive:
            counts, revision = _add_tables(archive, workdir)
            files = _add_files(archive, Path(current_app.config["UPLOAD_DIR"]), "uploads")
            index = (_add_files(archive, Path(current_app.config["SEARCH_INDEX_DIR"]), "index")
                     if with_index else None)
            _add_bytes(archive, "config.json", json.dumps(public_config(), indent=2).encode())
            manifest = {
                "format": FORMAT, "version": VERSION, "created": utcnow().isoformat(),
                "database": {"kind": db.engine.dialect.name, "alembic_revision": revision, "tables": counts},
                "files": files, "index": index,
            }
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
    os.replace(partial, out_path)
    return manifest


def default_backup_name() -> str:
    return f"jdih-backup-{utcnow().strftime('%Y%m%dT%H%M%SZ')}.tar.gz"
