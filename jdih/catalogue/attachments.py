"""Attaching files to documents: checks, storage, PDF text, downloads.

Every check runs before anything is stored. The bytes are written only
after the checks pass; if the database transaction then does not commit,
the file written for it is removed again (see ``file_lifecycle``).
"""
from __future__ import annotations

import io
import re
import logging
import os
import unicodedata
from typing import Optional

from flask import abort, current_app, send_file
from PIL import Image, UnidentifiedImageError
from sqlalchemy import update
from werkzeug.datastructures import FileStorage

from jdih.core import audit
from jdih.catalogue.models import (
    ATTACHMENT_ROLES, Attachment, AttachmentPage, Document, StoredFile,
)
from jdih.catalogue import pdftext
from jdih.catalogue.daily_counts import KIND_DOWNLOAD, bump_statement
from jdih.catalogue.operations import CatalogueError, text_extracted
from jdih.catalogue.file_lifecycle import file_store, store
from jdih.extensions import db

log = logging.getLogger(__name__)

PDF = "application/pdf"
IMAGE_TYPES = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png"), "WEBP": ("image/webp", ".webp")}
# Pillow refuses images above this many pixels (decompression bombs).
MAX_IMAGE_PIXELS = 60_000_000


# -- checks -----------------------------------------------------------------

def read_limited(upload: FileStorage) -> bytes:
    limit = int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise CatalogueError(f"Berkas terlalu besar (batas {current_app.config['MAX_UPLOAD_MB']} MB).")
    if not data:
        raise CatalogueError("Berkas kosong.")
    return data


def extract_pdf_pages(data: bytes) -> list[str]:
    """The text of each page; raises CatalogueError when it is not a readable
    PDF or needs more time or memory than PDF_PARSE_SECONDS / PDF_PARSE_MEMORY_MB."""
    if not data.startswith(b"%PDF-"):
        raise CatalogueError("Berkas bukan PDF yang valid (isi berkas tidak dikenali sebagai PDF).")
    seconds = float(current_app.config["PDF_PARSE_SECONDS"])
    memory_mb = int(current_app.config["PDF_PARSE_MEMORY_MB"])
    try:
        return pdftext.extract_pages(data, seconds=seconds, memory_mb=memory_mb)
    except pdftext.PdfRefused as refusal:
        log.warning("PDF refused: %s", refusal.reason)
        raise CatalogueError(_pdf_refusal(refusal.reason, seconds, memory_mb)) from refusal


def _pdf_refusal(reason: str, seconds: float, memory_mb: int) -> str:
    if reason == "encrypted":
        return "PDF terenkripsi tidak dapat diterima; unggah versi tanpa kata sandi."
    if reason == "unreadable":
        return "Berkas PDF rusak atau tidak dapat dibaca."
    limit = f"{seconds:g} detik" if reason == "too_slow" else f"{memory_mb} MB memori"
    return (f"PDF ini terlalu rumit untuk dibaca (melewati batas {limit}). Simpan ulang atau cetak "
            "ulang sebagai PDF (mis. \u201cPrint to PDF\u201d), lalu unggah lagi.")


def check_image(data: bytes) -> str:
    """The MIME type of a supported image; raises CatalogueError otherwise."""
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            image_format = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise CatalogueError("Berkas bukan gambar JPEG, PNG, atau WebP yang valid.") from error
    if image_format not in IMAGE_TYPES:
        raise CatalogueError("Format gambar tidak didukung (gunakan JPEG, PNG, atau WebP).")
    return IMAGE_TYPES[image_format][0]


# A name that tries to climb directories or carries markup or control
# characters is refused outright: legitimate scans never look like that,
# and silently renaming would hide an attack from the uploader's audit trail.
_HOSTILE_NAME = re.compile(r'(^|[/\\])\.\.([/\\]|$)|[/\\<>:"|?*\x00-\x1f\x7f]')


def check_filename(original: Optional[str]) -> None:
    if original and _HOSTILE_NAME.search(original):
        raise CatalogueError("Nama berkas tidak diizinkan (mengandung garis miring, \"..\", "
                             "atau karakter seperti < > : \" | ? *). Ganti nama berkas lalu unggah lagi.")


def safe_filename(original: Optional[str], content_type: str) -> str:
    """A harmless file name with the extension its content deserves.

    Letters and digits of every script are kept ("普通话 дoc.pdf" ->
    "普通话_дoc.pdf", not "oc.pdf"); the path, control characters and
    punctuation other than ``-_.`` go, spaces become ``_``.
    """
    extension = ".pdf" if content_type == PDF else next(
        ext for mime, ext in IMAGE_TYPES.values() if mime == content_type)
    name = unicodedata.normalize("NFC", re.split(r"[/\\]", original or "")[-1])
    kept = "".join("_" if char.isspace() else char for char in name
                   if char.isalnum() or char in "-_." or char.isspace()
                   or unicodedata.category(char) in ("Mn", "Mc"))
    stem = os.path.splitext(re.sub(r"_+", "_", kept).strip("._"))[0].strip("._")
    return (stem[:150] or "berkas") + extension


# -- operations -------------------------------------------------------------

def add_attachment(doc: Document, upload: FileStorage, role: str,
                   title: Optional[str] = None) -> Attachment:
    """Check, store and attach ``upload``; nothing is stored if a check fails."""
    if role not in ATTACHMENT_ROLES:
        raise CatalogueError("Peran berkas tidak dikenal.")
    if doc.is_deleted:
        raise CatalogueError("Dokumen yang dihapus tidak dapat diberi lampiran.")
    check_filename(upload.filename)
    data = read_limited(upload)
    pages: list[str] = []
    if role == "foto":
        if doc.doc_type != "laporan":
            raise CatalogueError("Foto hanya untuk laporan kegiatan.")
        content_type = check_image(data)
    else:
        pages = extract_pdf_pages(data)
        content_type = PDF
    sha256 = store(data)
    if db.session.get(StoredFile, sha256) is None:
        db.session.add(StoredFile(sha256=sha256, size=len(data), content_type=content_type))
    attachment = Attachment(
        document=doc, document_id=doc.id, role=role, sha256=sha256,
        filename=safe_filename(upload.filename, content_type),
        title=(title or "").strip() or None, page_count=len(pages) if content_type == PDF else None,
        pages=[AttachmentPage(page_no=n, text=text) for n, text in enumerate(pages, start=1)],
    )
    db.session.add(attachment)
    db.session.flush()
    audit.record("attach", doc, {"lampiran": [None, attachment.audit_label],
                                 "sha256": [None, sha256]})
    if content_type == PDF:
        text_extracted.send(attachment)
    return attachment


def remove_attachment(attachment: Attachment) -> None:
    """Soft delete: the bytes stay, so the audit log can still name them."""
    attachment.is_deleted = True
    audit.record("detach", attachment.document, {"lampiran": [attachment.audit_label, None]})


def send(attachment: Attachment, *, as_attachment: bool):
    path = file_store().path_for(attachment.sha256)
    if not path.is_file():
        log.error("stored file missing for attachment %s", attachment.id)
        abort(404)
    return send_file(path, mimetype=attachment.content_type, as_attachment=as_attachment,
                     download_name=attachment.filename, conditional=True, max_age=0)


def count_download(attachment: Attachment) -> None:
    db.session.execute(update(Attachment).where(Attachment.id == attachment.id)
                       .values(download_count=Attachment.download_count + 1))
    db.session.execute(bump_statement(KIND_DOWNLOAD))
