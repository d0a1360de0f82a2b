"""Which JDIHN metadata fields each document type has, with their labels.

Forms, the detail card, the audit log and the feeds read this one
declaration, so adding a field is one line here plus its column.
"""
from __future__ import annotations

from dataclasses import dataclass

from jdih.catalogue.models import Document


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    #: text, textarea, date, int, year, jenis, bahasa, bidang, subjects, choice
    kind: str = "text"
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()


STATUS_CHOICES = ("Berlaku", "Tidak Berlaku", "Berlaku Sebagian")
TINGKAT_PROSES = ("Pertama", "Banding", "Kasasi", "Peninjauan Kembali", "Tunggal/Final")

JUDUL = Field("judul", "Judul", "textarea", required=True)
JENIS = Field("jenis_id", "Jenis/Bentuk", "jenis", required=True)
NOMOR = Field("nomor", "Nomor")
TAHUN = Field("tahun", "Tahun", "year", required=True)
TEU = Field("teu_badan", "T.E.U. Badan", help='Contoh: "Indonesia. Komisi Pemilihan Umum"')
BAHASA = Field("bahasa_id", "Bahasa", "bahasa")
BIDANG = Field("bidang_id", "Bidang hukum", "bidang")
SUBJEK = Field("subjects", "Subjek", "subjects", help="Pisahkan dengan koma.")
LOKASI = Field("lokasi", "Lokasi")
ABSTRAK = Field("abstrak", "Abstrak", "textarea")
CATATAN = Field("catatan", "Catatan", "textarea")
SUMBER = Field("sumber", "Sumber", help='Contoh: "LN 2017 (182), TLN (6109)"')
PENERBIT = Field("penerbit", "Penerbit")
PENGARANG = Field("pengarang", "Pengarang / T.E.U. orang")

FIELDS_BY_TYPE: dict[str, tuple[Field, ...]] = {
    "peraturan": (
        JENIS, NOMOR, TAHUN, JUDUL, TEU,
        Field("tempat_penetapan", "Tempat penetapan"),
        Field("tanggal_penetapan", "Tanggal penetapan", "date"),
        Field("tanggal_pengundangan", "Tanggal pengundangan", "date"),
        SUMBER,
        Field("status", "Status tercatat", "choice", choices=STATUS_CHOICES,
              help="Status yang dicatat staf; halaman dan pencarian menampilkan status turunan dari relasi bila ada."),
        Field("keterangan_status", "Keterangan status", "textarea"),
        Field("penandatangan", "Penandatangan"),
        Field("pemrakarsa", "Pemrakarsa"),
        Field("urusan_pemerintahan", "Urusan pemerintahan"),
        BAHASA, BIDANG, SUBJEK, LOKASI, ABSTRAK, CATATAN,
    ),
    "putusan": (
        Field("jenis_id", "Jenis peradilan", "jenis", required=True),
        Field("nomor", "Nomor putusan", required=True, help='Contoh: "20/PHPU.BUP-XXIII/2025"'),
        TAHUN, JUDUL,
        Field("tempat_peradilan", "Tempat peradilan"),
        Field("tanggal_dibacakan", "Tanggal dibacakan", "date"),
        Field("pemohon", "Pemohon / Penggugat", "textarea"),
        Field("termohon", "Termohon / Tergugat", "textarea"),
        Field("tingkat_proses", "Tingkat proses", "choice", choices=TINGKAT_PROSES),
        Field("jenis_perkara", "Jenis perkara"),
        Field("amar", "Amar putusan", "textarea"),
        Field("status_putusan", "Status putusan", help='Contoh: "Berkekuatan hukum tetap"'),
        SUMBER, PENERBIT, BAHASA, BIDANG, SUBJEK, LOKASI, ABSTRAK, CATATAN,
    ),
    "monografi": (
        JENIS, JUDUL, PENGARANG, TEU, TAHUN,
        Field("edisi", "Edisi / cetakan"),
        Field("tempat_penetapan", "Tempat terbit"),
        PENERBIT,
        Field("deskripsi_fisik", "Deskripsi fisik", help='Contoh: "xi, 25 hlm. ; 21 cm."'),
        Field("nomor_panggil", "Nomor panggil", help='Contoh: "347.732 BAD x"'),
        Field("isbn", "ISBN"),
        Field("nomor_induk_buku", "Nomor induk buku"),
        Field("eksemplar", "Eksemplar", "int"),
        Field("klasifikasi", "Klasifikasi"),
        BAHASA, BIDANG, SUBJEK, LOKASI, ABSTRAK, CATATAN,
    ),
    "artikel": (
        JENIS, JUDUL, PENGARANG, TAHUN,
        Field("tanggal_penetapan", "Tanggal terbit", "date"),
        Field("sumber", "Sumber (jurnal/majalah)"),
        Field("halaman", "Halaman"),
        PENERBIT, BAHASA, BIDANG, SUBJEK, ABSTRAK, CATATAN,
    ),
    "laporan": (
        JENIS, JUDUL, TAHUN,
        Field("tanggal_mulai", "Tanggal mulai", "date", required=True),
        Field("tanggal_selesai", "Tanggal selesai", "date"),
        Field("lokasi", "Tempat kegiatan"),
        Field("penyelenggara", "Penyelenggara"),
        Field("peserta", "Peserta", "textarea"),
        Field("abstrak", "Ringkasan kegiatan", "textarea", required=True),
        TEU, BIDANG, SUBJEK, CATATAN,
    ),
}

#: Every audited field name across all types, plus the workflow fields.
WORKFLOW_FIELDS = ("state", "visibility", "is_deleted")


#: Limits of the fields stored as unbounded text (the others take their
#: column's length, see ``max_length``): generous, but no megabyte pastes.
TEXT_LIMITS = {"judul": 2000, "abstrak": 20000, "amar": 20000, "catatan": 10000,
               "keterangan_status": 5000, "pemohon": 5000, "termohon": 5000, "peserta": 10000}
#: One subject (a Term label) and the whole comma-separated list.
SUBJECT_MAX, SUBJECTS_MAX = 200, 2000


def max_length(name: str) -> int | None:
    """The most characters field ``name`` may hold: its column's length, or
    its limit in TEXT_LIMITS; None for fields that are not text."""
    if name in TEXT_LIMITS:
        return TEXT_LIMITS[name]
    column = Document.__table__.columns.get(name)
    return getattr(column.type, "length", None) if column is not None else None


def too_long_message(label: str, limit: int) -> str:
    return f"{label} terlalu panjang (maksimal {limit} karakter)."


def fields_for(doc_type: str) -> tuple[Field, ...]:
    return FIELDS_BY_TYPE[doc_type]


def field_label(doc_type: str, name: str) -> str:
    for field in FIELDS_BY_TYPE.get(doc_type, ()):
        if field.name == name:
            return field.label
    return {"state": "Status terbit", "visibility": "Visibilitas",
            "is_deleted": "Dihapus", "identity": "Identitas"}.get(name, name)
