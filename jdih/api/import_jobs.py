"""Applying a previewed import, as the worker does it.

The upload stays in ``IMPORT_DIR`` (shared by the web processes and the
worker) under its digest; the job re-reads it there, so what is applied is
exactly what was previewed.
"""
from __future__ import annotations

from typing import Callable, Optional

from sqlalchemy.orm.exc import StaleDataError

from jdih.api import import_files, importer
from jdih.core.errors import UserError
from jdih.core.versioning import StaleEdit


class ImportRefused(UserError):
    """The import cannot be applied (nothing was saved); ``message`` says why."""


def read_plan(upload: import_files.StoredUpload) -> importer.Plan:
    rows = import_files.read(upload.read_bytes(), upload.file_format,
                             lambda word: importer.Vocabulary().type_for(word))
    return importer.make_plan(rows)


def apply_upload(digest: str, progress: Optional[Callable[[int, int], None]] = None) -> str:
    """Apply the stored upload ``digest`` in the current session (the caller
    commits); returns the summary for people. Raises ImportRefused."""
    stored = import_files.load(digest)
    if stored is None:
        raise ImportRefused("Berkas impor tidak ditemukan lagi (kedaluwarsa atau sudah diterapkan).")
    try:
        plan = read_plan(stored)
        created, updated = importer.apply_plan(plan, publish_new=stored.publish, progress=progress)
    except import_files.ImportFileError as error:
        raise ImportRefused(error.message) from error
    except importer.ApplyFailed as error:
        raise ImportRefused(f"Impor dibatalkan, tidak ada perubahan yang disimpan. {error}") from error
    except StaleDataError as error:
        # A document was changed by someone else while the import ran.
        raise ImportRefused("Impor dibatalkan, tidak ada perubahan yang disimpan. "
                            f"{StaleEdit().message}") from error
    return (f"Impor selesai: {created} dokumen dibuat, {updated} diperbarui, "
            f"{plan.count(importer.REFUSE)} baris ditolak.")


def discard(digest: str) -> None:
    stored = import_files.load(digest)
    if stored is not None:
        import_files.discard(stored)
