"""Helpers for the reading tests: a short regulation as a PDF and documents
made through the catalogue's operations (no tests here)."""
from __future__ import annotations

import io
from typing import Optional

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from jdih.catalogue import attachments, operations
from jdih.catalogue.models import Document, Jenis
from jdih.extensions import db
from pdfs import make_pdf

#: Page 1: title block; page 2: BAB I with Pasal 1 (angka) and Pasal 2
#: (ayat, huruf); page 3: BAB II with Pasal 3; page 4: the Penjelasan.
PAGES = [
    "UNDANG-UNDANG REPUBLIK INDONESIA\nNOMOR 5 TAHUN 2020\nTENTANG\nKETERBUKAAN UJI\n"
    "DENGAN RAHMAT TUHAN YANG MAHA ESA\nPRESIDEN REPUBLIK INDONESIA,\nMenimbang:\n"
    "a. bahwa keterbukaan perlu diatur;\nb. bahwa perlu membentuk Undang-Undang;\n"
    "MEMUTUSKAN:\nMenetapkan:\nUNDANG-UNDANG TENTANG KETERBUKAAN UJI.",
    "BAB I\nKETENTUAN UMUM\nPasal 1\nDalam Undang-Undang ini yang dimaksud dengan:\n"
    "1. Badan Uji adalah lembaga yang menguji keterbukaan.\n2. Pemohon adalah setiap orang.\n"
    "Pasal 2\n(1) Setiap Pemohon berhak atas informasi <script>alert(1)</script> yang terbuka.\n"
    "(2) Hak sebagaimana dimaksud pada ayat (1) meliputi:\na. melihat dokumen;\nb. mendapat salinan.",
    "BAB II\nPELAKSANAAN\nPasal 3\nBadan Uji melaksanakan Undang-Undang ini.",
    "PENJELASAN\nATAS\nUNDANG-UNDANG REPUBLIK INDONESIA\nNOMOR 5 TAHUN 2020\nI. UMUM\n"
    "Keterbukaan adalah asas.\nII. PASAL DEMI PASAL\nPasal 1\nCukup jelas.\nPasal 2\n"
    "Ayat (1)\nYang dimaksud dengan informasi adalah keterangan PENJELASAN-KHUSUS-DUA.\nPasal 3\nCukup jelas.",
]


def naskah_pdf(pages: Optional[list[str]] = None) -> bytes:
    return make_pdf(pages or PAGES)


def upload(data: bytes, filename: str = "naskah.pdf") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename, content_type="application/pdf")


def jenis(abbreviation: str) -> Jenis:
    return db.session.scalar(select(Jenis).where(Jenis.abbreviation == abbreviation))


def make_law(nomor: str = "5", tahun: int = 2020, *, role: Optional[str] = "naskah",
             visibility: str = "public", doc_type: str = "peraturan", abbreviation: str = "UU",
             pdf: Optional[bytes] = None, **values) -> Document:
    """A published document with (unless role is None) a PDF in ``role``."""
    data = {"jenis_id": jenis(abbreviation).id, "nomor": nomor, "tahun": tahun,
            "judul": values.pop("judul", "Keterbukaan Uji"), "visibility": visibility, **values}
    doc = operations.create_document(doc_type, data)
    if role:
        attachments.add_attachment(doc, upload(pdf or naskah_pdf()), role)
    operations.publish(doc)
    return doc


def make_accounts(app) -> None:
    """``<role>@uji.id`` for editor and partner, as conftest.client_as logs in."""
    from conftest import make_user

    for role in ("editor", "partner"):
        make_user(app, f"{role}@uji.id", role)
