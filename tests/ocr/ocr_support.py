"""Helpers for the OCR tests: an app with OCR on, a regulation with a
scanned naskah uploaded through the staff form (no tests here)."""
from __future__ import annotations

import io
import os

import pytest
from sqlalchemy import select

from conftest import client_as, csrf_token_from, make_config, make_user
from jdih.catalogue import operations
from jdih.catalogue.models import Attachment, Jenis
from jdih.extensions import db
from jdih.ocr import engine

#: The OCR tests need Tesseract with ind and eng (.ci/run installs them): a
#: developer without them skips those tests, CI never does.
requires_tesseract = pytest.mark.skipif(
    not engine.available("ind+eng") and not os.environ.get("CI"),
    reason="tesseract with the ind and eng languages is not installed (apt: tesseract-ocr-ind)")

#: Scans are generated at 150 dpi and read at 150 dpi: a second a page.
OCR_ON = {"OCR_ENABLED": True, "OCR_DPI": 150}


def ocr_config(database_url, tmp_path, **overrides) -> dict:
    return make_config(database_url, tmp_path, **{**OCR_ON, **overrides})


def make_regulation(app, judul: str = "Keputusan uji pindaian") -> int:
    """A published regulation without files; returns its id."""
    with app.test_request_context():
        jenis = db.session.scalar(select(Jenis).where(Jenis.abbreviation == "UU"))
        doc = operations.create_document("peraturan", {
            "jenis_id": jenis.id, "nomor": "12", "tahun": 2024, "judul": judul, "visibility": "public"})
        operations.publish(doc)
        db.session.commit()
        return doc.id


def staff_client(app):
    make_user(app, "editor@uji.id", "editor")
    return client_as(app, "editor")


def upload(client, doc_id: int, data: bytes, role: str = "naskah", filename: str = "pindaian.pdf"):
    token = csrf_token_from(client.get(f"/staf/dokumen/{doc_id}").get_data(as_text=True))
    return client.post(f"/staf/dokumen/{doc_id}/lampiran", data={
        "csrf_token": token, "role": role, "title": "",
        "file": (io.BytesIO(data), filename, "application/pdf")}, content_type="multipart/form-data")


def attachment_id(app, doc_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(Attachment.id).where(Attachment.document_id == doc_id)
                                 .order_by(Attachment.id.desc()).limit(1))
