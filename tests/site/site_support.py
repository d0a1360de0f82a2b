"""Helpers for the public site tests (statistics, survey, pages, partners); no tests here."""
from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from jdih.extensions import db

JENIS_NAMES = {"putusan": "Putusan Mahkamah Konstitusi", "monografi": "Buku Hukum",
               "artikel": "Artikel", "laporan": "Laporan Kegiatan"}


@dataclass
class Doc:
    id: int
    slug: str
    attachment_id: int = 0
    filename: str = ""

    @property
    def file_url(self) -> str:
        return f"/dokumen/{self.slug}/berkas/{self.attachment_id}/{self.filename}"


def jenis_id(doc_type: str) -> int:
    from jdih.catalogue.models import Jenis

    query = select(Jenis.id).where(Jenis.doc_type == doc_type)
    query = query.where(Jenis.abbreviation == "UU") if doc_type == "peraturan" else query.where(
        Jenis.name == JENIS_NAMES[doc_type])
    return db.session.scalar(query)


def add_document(doc_type: str = "peraturan", *, state: str = "published", visibility: str = "public",
                 pdf: bytes | None = None, **values) -> Doc:
    """A document (and optionally one PDF), made inside a request context."""
    from jdih.catalogue import attachments, operations

    values.setdefault("judul", f"Dokumen uji {doc_type}")
    values.setdefault("tahun", 2020)
    values.setdefault("jenis_id", jenis_id(doc_type))
    values["visibility"] = visibility
    doc = operations.create_document(doc_type, values)
    info = Doc(doc.id, doc.slug)
    if pdf:
        attachment = attachments.add_attachment(
            doc, FileStorage(stream=io.BytesIO(pdf), filename="naskah.pdf"), "naskah")
        info.attachment_id, info.filename = attachment.id, attachment.filename
    if state == "published":
        operations.publish(doc)
    db.session.commit()
    return info


@pytest.fixture
def fast_passwords(monkeypatch):
    """Cheapest Argon2id (the real parameters have a test of their own)."""
    from argon2 import PasswordHasher

    from jdih.accounts import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
