"""The demo documents: catalogue values from a data record, created once.

Idempotent: documents are matched by canonical identity (or title), so
loading twice changes nothing.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Optional

from sqlalchemy import select

from jdih.catalogue import operations
from jdih.catalogue.models import VISIBILITY_PUBLIC, Document, Jenis
from jdih.catalogue.vocabulary import term_by_label
from jdih.extensions import db


def _date(value: Optional[str]) -> Optional[date]:
    return date.fromisoformat(value) if value else None


def _find_jenis(doc_type: str, record: dict[str, Any]) -> Jenis:
    """The jenis a data record names, created if the vocabulary lacks it."""
    parts = record["key"].split("/")
    abbreviation = record.get("singkatan_jenis") or record.get("singkatan") or parts[0]
    name = record.get("jenis") or record.get("jenis_peradilan") or abbreviation
    candidates = [("abbreviation", parts[0] + parts[1])] if doc_type == "peraturan" and len(parts) == 4 else []
    candidates += [("name", name), ("abbreviation", abbreviation), ("citation_type", abbreviation)]
    for column, value in candidates:
        jenis = db.session.scalar(select(Jenis).where(
            Jenis.doc_type == doc_type, getattr(Jenis, column) == value))
        if jenis is not None:
            return jenis
    jenis = Jenis(doc_type=doc_type, name=name, abbreviation=abbreviation.upper())
    db.session.add(jenis)
    db.session.flush()
    return jenis


def _term_id(vocabulary: str, label: Optional[str]) -> Optional[int]:
    term = term_by_label(vocabulary, label)
    if term is None:
        return None
    db.session.flush()
    return term.id


def document_values(record: dict[str, Any]) -> dict[str, Any]:
    doc_type = record["type"]
    values: dict[str, Any] = {
        "jenis_id": _find_jenis(doc_type, record).id,
        "nomor": record.get("nomor"),
        "tahun": record.get("tahun"),
        "judul": record["judul"],
        "abstrak": record.get("abstrak"),
        "subjects": record.get("subjek") or [],
        "bahasa_id": _term_id("bahasa", "Indonesia"),
        "bidang_id": _term_id("bidang", record.get("bidang_hukum")),
        # Most records are public; a few show what partners and staff get.
        "visibility": record.get("visibility") or VISIBILITY_PUBLIC,
    }
    if doc_type == "peraturan":
        for name in ("teu_badan", "tempat_penetapan", "sumber", "status"):
            values[name] = record.get(name)
        values["tanggal_penetapan"] = _date(record.get("tanggal_penetapan"))
        values["tanggal_pengundangan"] = _date(record.get("tanggal_pengundangan"))
    elif doc_type == "putusan":
        for name in ("pemohon", "termohon", "amar", "jenis_perkara"):
            values[name] = record.get(name)
        values["tanggal_dibacakan"] = _date(record.get("tanggal_dibacakan"))
        values["tempat_peradilan"] = "Jakarta" if record.get("singkatan") in ("MK", "MA", "DKPP") else None
    return values


def load_documents(records: list[dict[str, Any]]) -> tuple[list[Document], int, int]:
    """Create and publish the documents that are missing.

    Returns every record's document (new or existing, for the files step),
    and the counts (created, kept).
    """
    documents: list[Document] = []
    created = kept = 0
    for record in records:
        values = document_values(record)
        jenis = db.session.get(Jenis, values["jenis_id"])
        identity = operations.identity_for(record["type"], jenis, values["nomor"], values["tahun"])
        existing = operations.find_by_identity(identity) if identity else db.session.scalar(
            select(Document).where(Document.judul == record["judul"]))
        if existing is not None:
            documents.append(existing)
            kept += 1
            continue
        doc = operations.create_document(record["type"], values)
        operations.publish(doc)
        documents.append(doc)
        created += 1
    return documents, created, kept
