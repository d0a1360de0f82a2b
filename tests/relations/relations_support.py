"""Helpers for the relations tests: documents made through the catalogue's
operations, inside an app context."""
from __future__ import annotations

from datetime import date
from typing import Optional

from sqlalchemy import select

from jdih.catalogue import operations
from jdih.catalogue.models import Document, Jenis
from jdih.extensions import db


def jenis(abbreviation: str) -> Jenis:
    return db.session.scalar(select(Jenis).where(Jenis.abbreviation == abbreviation))


def make_doc(abbreviation: str, nomor: str, tahun: Optional[int] = None, *, day: Optional[date] = None,
             publish: bool = True, doc_type: str = "peraturan", **values) -> Document:
    """A regulation (or ruling) 'UU 7/2017'-style, published unless told."""
    j = jenis(abbreviation)
    data = {"jenis_id": j.id, "nomor": nomor, "tahun": tahun, "judul": values.pop("judul", f"{abbreviation} {nomor}")}
    if doc_type == "peraturan":
        data["tanggal_pengundangan"] = day
    else:
        data["tanggal_dibacakan"] = day
    data.update(values)
    doc = operations.create_document(j.doc_type, data)
    if publish:
        operations.publish(doc)
    return doc


def ruling(number: str, day: Optional[date] = None, **values) -> Document:
    return make_doc("MK", number, int(number[-4:]), day=day, doc_type="putusan", **values)
