"""Shared helpers for the catalogue and accounts tests (this module has no tests)."""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from jdih.extensions import db


def upload(data: bytes, filename: str, content_type: str = "application/octet-stream") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename, content_type=content_type)


def make_image(image_format: str = "JPEG", size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=image_format)
    return out.getvalue()


def jenis_id(doc_type: str, abbreviation: str = "", name: str = "") -> int:
    from jdih.catalogue.models import Jenis

    query = select(Jenis.id).where(Jenis.doc_type == doc_type)
    query = query.where(Jenis.abbreviation == abbreviation) if abbreviation else query.where(Jenis.name == name)
    return db.session.scalar(query)


@dataclass
class DocInfo:
    id: int
    slug: str
    attachment_id: int = 0
    filename: str = ""

    @property
    def file_url(self) -> str:
        return f"/dokumen/{self.slug}/berkas/{self.attachment_id}/{self.filename}"


def add_document(doc_type: str = "peraturan", *, state: str = "published", visibility: str = "public",
                 deleted: bool = False, attach: tuple[str, bytes, str] | None = None,
                 **values) -> DocInfo:
    """Create a document (and optionally one file) inside a request context."""
    from jdih.catalogue import attachments, operations

    values.setdefault("judul", f"Dokumen uji {doc_type}")
    values.setdefault("tahun", 2020)
    if "jenis_id" not in values:
        values["jenis_id"] = jenis_id(doc_type, "UU") if doc_type == "peraturan" else jenis_id(
            doc_type, name={"putusan": "Putusan Mahkamah Konstitusi", "monografi": "Buku Hukum",
                            "artikel": "Artikel", "laporan": "Laporan Kegiatan"}[doc_type])
    doc = operations.create_document(doc_type, values)
    info = DocInfo(doc.id, doc.slug)
    if attach:
        role, data, filename = attach
        attachment = attachments.add_attachment(doc, upload(data, filename), role)
        info.attachment_id, info.filename = attachment.id, attachment.filename
    if state == "published":
        operations.publish(doc)
    if deleted:
        operations.delete(doc)
    if visibility != "public":
        doc.visibility = visibility
    db.session.commit()
    return info


def row_counts() -> dict[str, int]:
    from jdih.catalogue.models import Attachment, AttachmentPage, StoredFile

    return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Attachment, StoredFile, AttachmentPage)}


def files_under(root: str | os.PathLike[str]) -> list[str]:
    """Every file below ``root`` (temporary upload files included)."""
    root = Path(root)
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def audit_count() -> int:
    from jdih.core.audit import AuditEntry

    return db.session.scalar(select(func.count()).select_from(AuditEntry))


@pytest.fixture
def fast_passwords(monkeypatch):
    """Argon2id with the cheapest parameters: hashing at full cost takes most
    of a second here, and some tests log in many times. The real
    parameters are checked in test_accounts_passwords."""
    from argon2 import PasswordHasher

    from jdih.accounts import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
