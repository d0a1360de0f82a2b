"""The JDIHN harvest format: one flat object of strings per document.

``to_jdihn`` maps a document of any type onto the national schema
(tests/data/jdihn-document-schema.json, from BPHN's ILDIS); ``from_jdihn`` maps an
object of another member's feed back to our import columns. Where the
standard has no value we send "-" (never null), except in the date fields,
whose format must hold: there we fall back to the nearest date we know and,
failing that, 1 January of the document's year.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Callable, Optional

from flask import url_for

from jdih.catalogue.models import Attachment, Document

NONE = "-"
#: Always "4" (the national portal's code for "publish/update").
OPERASI = "4"
DISPLAY = "1"


def text(value: Any) -> str:
    """A feed value: a non-empty string, or "-"."""
    if value is None:
        return NONE
    value = str(value).strip()
    return value or NONE


def iso_datetime(value: Optional[datetime]) -> str:
    """RFC 3339 in UTC; SQLite hands back naive UTC datetimes."""
    if value is None:
        value = datetime.now(timezone.utc)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def _year(doc: Document) -> int:
    """The year of promulgation, else the document's year, else the nearest known."""
    if doc.tanggal_pengundangan:
        return doc.tanggal_pengundangan.year
    if doc.tahun:
        return int(doc.tahun)
    if doc.tanggal_penetapan:
        return doc.tanggal_penetapan.year
    return (doc.published_at or doc.created_at or datetime.now(timezone.utc)).year


def _own_date(doc: Document) -> Optional[date]:
    """The date the document came into being, by type."""
    if doc.doc_type == "putusan":
        return doc.tanggal_dibacakan
    if doc.doc_type == "laporan":
        return doc.tanggal_mulai
    return doc.tanggal_penetapan


def _dates(doc: Document) -> tuple[str, str]:
    own = _own_date(doc)
    promulgated = doc.tanggal_pengundangan
    year = _year(doc)
    fallback = date(year, 1, 1) if 1 <= year <= 9999 else date(1970, 1, 1)
    penetapan = own or promulgated or fallback
    return penetapan.isoformat(), (promulgated or penetapan).isoformat()


def _place(doc: Document) -> Optional[str]:
    if doc.doc_type == "putusan":
        return doc.tempat_peradilan
    if doc.doc_type == "laporan":
        return doc.lokasi
    return doc.tempat_penetapan


def _jenis_name(doc: Document) -> str:
    return (doc.jenis.name if doc.jenis else doc.type_label).upper()


def first_pdf(doc: Document) -> Optional[Attachment]:
    """The main text: the first PDF naskah, else the first PDF of any role."""
    pdfs = [a for a in doc.attachments if a.is_pdf]
    return next((a for a in pdfs if a.role == "naskah"), pdfs[0] if pdfs else None)


class Urls:
    """Absolute URLs for many documents, building the page URL once."""

    def __init__(self) -> None:
        marker = "slug-placeholder"
        self._detail = url_for("catalogue.detail", slug=marker, _external=True).split(marker)

    def detail(self, doc: Document) -> str:
        return doc.slug.join(self._detail)  # slugs are [a-z0-9-], safe in a path

    @staticmethod
    def download(doc: Document, attachment: Attachment) -> str:
        return url_for("catalogue.download", slug=doc.slug, attachment_id=attachment.id,
                       filename=attachment.filename, _external=True)


def to_jdihn(doc: Document, urls: Urls, status: Optional[str] = None) -> dict[str, str]:
    """The feed object of one document (every value a string).

    ``status`` comes from ``relations.queries.shown_statuses``: the status
    the document's page shows, never the recorded field on its own.
    """
    detail_url = urls.detail(doc)
    pdf = first_pdf(doc)
    abstract_file = next((a for a in doc.attachments if a.role == "abstrak" and a.is_pdf), None)
    penetapan, pengundangan = _dates(doc)
    return {
        "idData": str(doc.id),
        "tahun_pengundangan": f"{_year(doc):04d}",
        "tanggal_penetapan": penetapan,
        "tanggal_pengundangan": pengundangan,
        "jenis": _jenis_name(doc),
        "noPeraturan": text(doc.nomor),
        "judul": text(doc.judul),
        "noPanggil": text(doc.nomor_panggil),
        "singkatanJenis": text(doc.jenis.abbreviation if doc.jenis else None),
        "tempatTerbit": text(_place(doc)),
        "penerbit": text(doc.penerbit),
        "deskripsiFisik": text(doc.deskripsi_fisik),
        "sumber": text(doc.sumber),
        "isbn": text(doc.isbn),
        "status": text(status),
        "bahasa": text(doc.bahasa.label if doc.bahasa else None),
        "bidangHukum": text(doc.bidang.label if doc.bidang else None),
        "teuBadan": text(doc.teu_badan or doc.pengarang),
        "nomorIndukBuku": text(doc.nomor_induk_buku),
        "abstrak": text(doc.abstrak),
        "last_updated": iso_datetime(doc.updated_at),
        "urlAbstrak": urls.download(doc, abstract_file) if abstract_file else detail_url,
        "urlDetailPeraturan": detail_url,
        "fileDownload": pdf.filename if pdf else NONE,
        "urlDownload": urls.download(doc, pdf) if pdf else detail_url,
        "subjek": text(", ".join(term.label for term in doc.subjects)),
        "operasi": OPERASI,
        "display": DISPLAY,
    }


# -- reading another member's feed ---------------------------------------------

def _value(obj: dict[str, Any], key: str) -> Optional[str]:
    value = obj.get(key)
    if value is None:
        return None
    value = str(value).strip()
    return None if value in ("", NONE, "null") else value


#: JDIHN key -> import column (see jdih.api.columns), where they map one to one.
FEED_TO_COLUMN: dict[str, str] = {
    "judul": "judul", "noPeraturan": "nomor", "singkatanJenis": "singkatan_jenis",
    "tanggal_penetapan": "tanggal_penetapan", "tanggal_pengundangan": "tanggal_pengundangan",
    "sumber": "sumber", "bahasa": "bahasa", "bidangHukum": "bidang", "teuBadan": "teu_badan",
    "abstrak": "abstrak", "penerbit": "penerbit", "noPanggil": "nomor_panggil",
    "deskripsiFisik": "deskripsi_fisik", "isbn": "isbn", "nomorIndukBuku": "nomor_induk_buku",
}


def guess_type(jenis_name: Optional[str], find_type: Callable[[str], Optional[str]]) -> Optional[str]:
    """The document type a feed's jenis belongs to: our vocabulary first,
    then the wording the national feed uses."""
    if not jenis_name:
        return None
    known = find_type(jenis_name)
    if known:
        return known
    upper = jenis_name.upper()
    if upper.startswith("PUTUSAN") or "YURISPRUDENSI" in upper:
        return "putusan"
    if any(word in upper for word in ("BUKU", "MONOGRAFI", "NASKAH AKADEMIK", "PENELITIAN",
                                      "PENGKAJIAN", "ANALISIS")):
        return "monografi"
    if any(word in upper for word in ("ARTIKEL", "MAJALAH", "JURNAL")):
        return "artikel"
    if "LAPORAN" in upper:
        return "laporan"
    return "peraturan"


def from_jdihn(obj: dict[str, Any], find_type: Callable[[str], Optional[str]]) -> dict[str, Any]:
    """Import columns from one feed object ("-" and null become empty)."""
    row: dict[str, Any] = {column: _value(obj, key) for key, column in FEED_TO_COLUMN.items()}
    jenis_name = _value(obj, "jenis")
    doc_type = guess_type(jenis_name, find_type)
    row["tipe"] = doc_type
    row["jenis"] = jenis_name
    row["tahun"] = _value(obj, "tahun_pengundangan") or _value(obj, "tahun")
    subjects = _value(obj, "subjek")
    row["subjek"] = "; ".join(s.strip() for s in subjects.replace(";", ",").split(",")
                              if s.strip()) if subjects else None
    place, status = _value(obj, "tempatTerbit"), _value(obj, "status")
    if doc_type == "putusan":
        row["tempat_peradilan"], row["status_putusan"] = place, status
        row["tanggal_dibacakan"] = row.pop("tanggal_penetapan")
        row.pop("tanggal_pengundangan", None)
    elif doc_type == "laporan":
        row["lokasi"], row["tanggal_mulai"] = place, row.pop("tanggal_penetapan")
    else:
        row["tempat_penetapan"] = place
        if doc_type == "peraturan":
            row["status"] = status
    return {key: value for key, value in row.items() if value is not None}
