"""The one column mapping of the catalogue's tabular form, shared by the
importer and the exporter (CSV, XLSX and JSON use the same names).

Columns come from ``jdih.catalogue.fields``: every field of every type, by
its field name, with the vocabulary fields under readable names (jenis,
bahasa, bidang, subjek). A file may hold rows of several types; a column
that the row's type does not have is left empty on export and ignored on
import.
"""
from __future__ import annotations

from dataclasses import dataclass

from jdih.catalogue.fields import FIELDS_BY_TYPE

#: Several subjects in one cell are separated by this.
SUBJECT_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    #: The header in files.
    name: str
    #: The document field it fills ("" for workflow and export-only columns).
    field: str
    #: type, jenis, text, int, year, date, term, subjects, state, visibility, readonly
    kind: str
    #: Indonesian description for the import page.
    label: str


_VOCABULARY_COLUMNS = {"jenis_id": ("jenis", "jenis"), "bahasa_id": ("bahasa", "term"),
                       "bidang_id": ("bidang", "term"), "subjects": ("subjek", "subjects")}
_KINDS = {"date": "date", "int": "int", "year": "year"}


def _field_columns() -> list[Column]:
    columns: dict[str, Column] = {}
    for fields in FIELDS_BY_TYPE.values():
        for field in fields:
            name, kind = _VOCABULARY_COLUMNS.get(field.name, (field.name, _KINDS.get(field.kind, "text")))
            columns.setdefault(name, Column(name, field.name, kind, field.label))
    return list(columns.values())


#: Every column, in file order.
COLUMNS: tuple[Column, ...] = (
    Column("tipe", "", "type", "Tipe dokumen: peraturan, putusan, monografi, artikel, laporan"),
    *_field_columns(),
    Column("status_terbit", "", "state", "draf atau terbit"),
    Column("visibilitas", "", "visibility", "publik, mitra, atau internal"),
    Column("identitas", "", "readonly", "Identitas kanonik (hanya ekspor; diabaikan saat impor)"),
    Column("slug", "", "readonly", "Alamat halaman (hanya ekspor)"),
    Column("versi", "", "version", "Versi dokumen saat diekspor; bila diisi, baris ditolak jika dokumen "
                                   "sudah diubah sejak itu (kosongkan untuk menimpa)"),
)
BY_NAME = {column.name: column for column in COLUMNS}
HEADERS = tuple(column.name for column in COLUMNS)

STATE_WORDS = {"draf": "draft", "draft": "draft", "terbit": "published", "published": "published",
               "diterbitkan": "published"}
STATE_NAMES = {"draft": "draf", "published": "terbit"}
VISIBILITY_WORDS = {"publik": "public", "public": "public", "mitra": "partner", "partner": "partner",
                    "internal": "internal"}
VISIBILITY_NAMES = {"public": "publik", "partner": "mitra", "internal": "internal"}


def normalise_header(header: object) -> str:
    """'Status Terbit ' -> 'status_terbit'; 'Subjek' -> 'subjek'."""
    return "_".join(str(header or "").strip().lower().replace("-", " ").split())
