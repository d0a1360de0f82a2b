"""Tiny valid PDFs for upload tests, made with pypdf (no fixture files)."""
from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject,
)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[str]) -> bytes:
    """A PDF whose page N shows ``pages[N]`` in Helvetica (text is extractable)."""
    writer = PdfWriter()
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    })
    font_ref = writer._add_object(font)
    for text in pages:
        page = writer.add_blank_page(width=595, height=842)
        lines = text.split("\n")
        body = "BT /F1 12 Tf 72 770 Td 14 TL " + " ".join(f"({_escape(line)}) '" for line in lines) + " ET"
        stream = DecodedStreamObject()
        stream.set_data(body.encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref}),
        })
        page[NameObject("/MediaBox")] = ArrayObject([NumberObject(0), NumberObject(0),
                                                     NumberObject(595), NumberObject(842)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_hostile_pdf(pages: int, stream_mb: int = 10) -> bytes:
    """Pages that all share one big compressed content stream: a few dozen
    KB to upload, ``pages`` x ``stream_mb`` MB of operators to parse."""
    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    line = b"BT /F1 12 Tf 72 770 Td (x) Tj ET\n"
    stream = DecodedStreamObject()
    stream.set_data(line * (stream_mb * 1024 * 1024 // len(line)))
    shared = writer._add_object(stream.flate_encode())
    for _ in range(pages):
        page = writer.add_blank_page(width=595, height=842)
        page[NameObject("/Contents")] = shared
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
