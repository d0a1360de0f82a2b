"""``flask --app jdih restore FILE``: put an archive of ``backup`` back.

Refuses a database or upload folder that already holds data unless forced,
writes the files first (content-addressed, so an interrupted restore leaves
at most unused files), then loads every table in one transaction and checks
every count before committing; every file is checked against its hash.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from flask import current_app
from sqlalchemy import Connection, delete, inspect

from jdih.core.errors import UserError
from jdih.extensions import db
from jdih.ops import tables
from jdih.ops.backup import FORMAT, VERSION


class RestoreError(UserError):
    """The archive cannot be restored here; nothing was changed in the database."""


@dataclass
class RestoreResult:
    tables: dict[str, int]
    files: int
    index_restored: bool


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        manifest = json.load(archive.extractfile("manifest.json"))  # type: ignore[arg-type]
    except (KeyError, ValueError, TypeError) as error:
        raise RestoreError("Berkas ini bukan cadangan JDIH (manifest.json tidak ada atau rusak).") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise RestoreError(f"Format cadangan tidak dikenal: {manifest.get('format')} versi "
                           f"{manifest.get('version')}.")
    unknown = set(manifest["database"]["tables"]) - set(db.metadata.tables)
    if unknown:
        raise RestoreError("Cadangan memuat tabel yang tidak dikenal versi aplikasi ini: "
                           + ", ".join(sorted(unknown)) + ".")
    return manifest


def _rows_present(conn: Connection) -> list[str]:
    existing = set(inspect(conn).get_table_names())
    return [table.name for table in db.metadata.sorted_tables
            if table.name in existing and tables.count_rows(conn, table)]


def _safe_target(root: Path, name: str, prefix: str) -> Path:
    relative = PurePosixPath(name).relative_to(prefix)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise RestoreError(f"Nama berkas tidak aman di dalam cadangan: {name}")
    return root.joinpath(*relative.parts)


def _members(archive: tarfile.TarFile, prefix: str, root: Path,
             hashes: dict[str, str]) -> Iterator[tuple[tarfile.TarInfo, Path, bytes]]:
    """Every ``prefix/`` member with its target under ``root`` and its bytes,
    each checked against the manifest's hash."""
    seen = 0
    for member in archive.getmembers():
        if not member.name.startswith(prefix + "/"):
            continue
        if not member.isfile():
            raise RestoreError(f"Cadangan memuat entri yang bukan berkas: {member.name}")
        target = _safe_target(root, member.name, prefix)
        relative = PurePosixPath(member.name).relative_to(prefix).as_posix()
        data = archive.extractfile(member).read()  # type: ignore[union-attr]
        if hashlib.sha256(data).hexdigest() != hashes.get(relative):
            raise RestoreError(f"Berkas {relative} di dalam cadangan tidak cocok dengan hash di manifest.")
        seen += 1
        yield member, target, data
    if seen != len(hashes):
        raise RestoreError(f"Cadangan tidak lengkap: {len(hashes) - seen} berkas yang disebut manifest tidak ada.")


def _extract(archive: tarfile.TarFile, prefix: str, root: Path, hashes: dict[str, str]) -> int:
    """Check every file first, then write them: a damaged archive writes nothing."""
    for _ in _members(archive, prefix, root, hashes):
        pass
    written = 0
    for _member, target, data in _members(archive, prefix, root, hashes):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".restore-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
        written += 1
    return written


def verify_files(root: Path, hashes: dict[str, str]) -> list[str]:
    """Files of the manifest missing or different under ``root``."""
    problems = []
    for relative, sha256 in sorted(hashes.items()):
        path = root / relative
        if not path.is_file():
            problems.append(f"{relative}: hilang")
            continue
        with path.open("rb") as handle:
            if hashlib.file_digest(handle, "sha256").hexdigest() != sha256:
                problems.append(f"{relative}: berubah")
    return problems


def _load_tables(conn: Connection, archive: tarfile.TarFile, manifest: dict[str, Any], force: bool) -> dict[str, int]:
    db.metadata.create_all(conn)
    current, wanted = tables.alembic_revision(conn), manifest["database"].get("alembic_revision")
    if current and wanted and current != wanted:
        raise RestoreError(f"Skema basis data (revisi {current}) berbeda dengan skema cadangan (revisi {wanted}). "
                           f"Jalankan 'flask --app jdih db upgrade {wanted}' pada basis data kosong, lalu ulangi.")
    if force:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(delete(table))
    counts = {}
    expected = manifest["database"]["tables"]
    for table in db.metadata.sorted_tables:
        if table.name not in expected:
            continue
        member = archive.extractfile(f"database/{table.name}.jsonl")
        with io.TextIOWrapper(member, encoding="utf-8") as lines:  # type: ignore[arg-type]
            tables.load_table(conn, table, lines)
        counts[table.name] = tables.count_rows(conn, table)
        if counts[table.name] != expected[table.name]:
            raise RestoreError(f"Tabel {table.name}: {counts[table.name]} baris dipulihkan, "
                               f"manifest menyebut {expected[table.name]}. Tidak ada yang disimpan.")
    tables.reset_sequences(conn, db.metadata.sorted_tables)
    if wanted and not current:
        tables.stamp_revision(conn, wanted)
    return counts


def _replace_index(archive: tarfile.TarFile, manifest: dict[str, Any]) -> bool:
    if not manifest.get("index"):
        return False
    root = Path(current_app.config["SEARCH_INDEX_DIR"])
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    _extract(archive, "index", root, manifest["index"])
    return True


def restore_backup(path: str | os.PathLike[str], *, force: bool = False) -> RestoreResult:
    upload_root = Path(current_app.config["UPLOAD_DIR"])
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise RestoreError(f"Cadangan tidak dapat dibaca: {error}") from error
    with archive:
        manifest = read_manifest(archive)
        with db.engine.connect() as conn:
            filled = _rows_present(conn)
        if not force and filled:
            raise RestoreError("Basis data tujuan tidak kosong (tabel " + ", ".join(filled[:5])
                               + "). Pulihkan ke basis data kosong, atau tambahkan --force untuk menimpanya.")
        if not force and any(upload_root.rglob("*")):
            raise RestoreError(f"Folder unggahan {upload_root} tidak kosong. Gunakan folder kosong, "
                               "atau tambahkan --force.")
        files = _extract(archive, "uploads", upload_root, manifest["files"])
        with db.engine.begin() as conn:
            counts = _load_tables(conn, archive, manifest, force)
        index_restored = _replace_index(archive, manifest)
    problems = verify_files(upload_root, manifest["files"])
    if problems:
        raise RestoreError("Berkas tidak cocok setelah pemulihan: " + "; ".join(problems[:10]))
    return RestoreResult(counts, files, index_restored)
