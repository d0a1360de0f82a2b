"""Content-addressed file storage under the upload directory.

A file lives at ``<root>/<sha[:2]>/<sha>``: identical uploads are stored
once, names can never escape the root, and the path reveals nothing of the
uploader's file name.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from jdih.core.errors import StorageError

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_STORAGE_MESSAGE = ("Berkas tidak dapat disimpan: ruang penyimpanan server penuh atau tidak dapat ditulisi. "
                    "Tidak ada yang berubah. Beri tahu admin, lalu unggah lagi nanti.")


class FileStore:
    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise ValueError("not a sha256 hex digest")
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> tuple[str, bool]:
        """Store ``data``; returns (sha256, True if this call wrote the file).

        Written to a temporary file and then hard-linked under its name, so
        a reader never sees a half-written file, a crash leaves no partial
        one under its name, and of two concurrent writers of the same bytes
        exactly one is told it wrote the file. Raises StorageError when the
        disk is full or cannot be written.
        """
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path_for(sha256)
        if target.is_file():
            return sha256, False
        try:
            return sha256, self._write(target, data)
        except OSError as error:
            raise StorageError(_STORAGE_MESSAGE) from error

    @staticmethod
    def _write(target: Path, data: bytes) -> bool:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(tmp, target)
            except FileExistsError:
                return False
            return True
        finally:
            Path(tmp).unlink(missing_ok=True)

    def remove(self, sha256: str) -> None:
        self.path_for(sha256).unlink(missing_ok=True)
