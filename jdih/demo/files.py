"""A sample PDF for each demo document, attached like an upload.

The PDFs are generated (never committed binaries): a cover with the
identity and title, the abstract, and the catalogue facts, each page
marked as a sample so nobody mistakes it for the official text. They go
through ``catalogue.attachments.add_attachment`` so page text is stored
and indexed exactly as for a staff upload.
"""
from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from werkzeug.datastructures import FileStorage

from jdih.catalogue.attachments import PDF, add_attachment
from jdih.catalogue.models import Document

SAMPLE_MARK = "DOKUMEN CONTOH: bukan naskah resmi"
#: Sample regulation texts by document slug, pages separated by form feeds:
#: excerpts of the statute (statutes are not protected by copyright, UU
#: 28/2014 Pasal 42) so the reading view has BAB, Pasal, ayat, huruf and a
#: Penjelasan to show.
NASKAH_DIR = Path(__file__).resolve().parent / "data" / "naskah"
EXCERPT_NOTE = ("Kutipan sebagian pasal untuk demo pembacaan per pasal; susunan BAB disederhanakan. "
                "Baca naskah resmi pada sumber yang berwenang.")
ROLE = "naskah"
TITLE = "Naskah contoh (demo)"
# A fixed date keeps the bytes, and so the stored file's hash, the same
# on every run.
CREATED = datetime(2025, 1, 1, tzinfo=timezone.utc)
# The built-in PDF fonts only know Latin-1: spell the usual typographic
# characters plainly instead of losing them.
_PLAIN = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'",
                        "\u201c": '"', "\u201d": '"', "\u2026": "..."})


def _latin1(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class SamplePdf(FPDF):
    """A4 pages whose header and footer carry the sample marking."""

    def header(self) -> None:
        self.set_font("Helvetica", "B", 10)
        self.cell(0, 8, SAMPLE_MARK, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 8, f"{SAMPLE_MARK} - halaman {self.page_no()}", align="C")

    def paragraph(self, text: str, size: int = 11, style: str = "") -> None:
        self.set_font("Helvetica", style, size)
        self.multi_cell(0, size * 0.6, _latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(3)


def _facts(doc: Document) -> list[str]:
    """Catalogue facts for the last page, as "label: value" lines."""
    pairs = [("Jenis", doc.jenis.name if doc.jenis else None), ("Nomor", doc.nomor),
             ("Tahun", doc.tahun), ("Tanggal penetapan", doc.tanggal_penetapan),
             ("Tanggal dibacakan", doc.tanggal_dibacakan), ("Pemohon", doc.pemohon),
             ("Termohon", doc.termohon), ("Amar", doc.amar),
             ("Subjek", ", ".join(term.label for term in doc.subjects))]
    return [f"{label}: {value}" for label, value in pairs if value]


def sample_text(doc: Document) -> list[str] | None:
    """The pages of the document's sample regulation text, if it has one."""
    path = NASKAH_DIR / f"{doc.slug}.txt"
    if not path.is_file():
        return None
    return [page.strip() for page in path.read_text(encoding="utf-8").split("\f")]


def sample_pdf(doc: Document) -> bytes:
    """Cover, then the sample regulation text when there is one, else the
    abstract and the catalogue facts."""
    pdf = SamplePdf(format="A4")
    pdf.set_creation_date(CREATED)
    pdf.set_title(_latin1(doc.identity or doc.judul))
    pdf.add_page()
    pdf.ln(40)
    pdf.paragraph(doc.identity or "", size=18, style="B")
    pdf.paragraph(doc.judul, size=14)
    pdf.paragraph("Berkas ini dibuat otomatis untuk demo JDIH dan tidak menggantikan naskah resmi.")
    text = sample_text(doc)
    if text:
        pdf.paragraph(EXCERPT_NOTE)
        for page in text:
            pdf.add_page()
            for line in page.splitlines():
                pdf.paragraph(line, size=10)
        return bytes(pdf.output())
    pdf.add_page()
    pdf.paragraph("Abstrak", size=14, style="B")
    pdf.paragraph(doc.abstrak or "Abstrak belum tersedia.")
    pdf.add_page()
    pdf.paragraph("Keterangan katalog", size=14, style="B")
    for line in _facts(doc):
        pdf.paragraph(line)
    return bytes(pdf.output())


def has_sample(doc: Document) -> bool:
    return any(a.role == ROLE and a.title == TITLE for a in doc.attachments)


def attach_samples(documents: list[Document]) -> int:
    """Attach a sample PDF to each document that has none yet; returns how many."""
    attached = 0
    for doc in documents:
        if has_sample(doc):
            continue
        upload = FileStorage(stream=io.BytesIO(sample_pdf(doc)), filename=f"{doc.slug}.pdf",
                             content_type=PDF)
        add_attachment(doc, upload, ROLE, title=TITLE)
        attached += 1
    return attached
