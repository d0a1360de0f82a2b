"""The sections of the staff document form: which of a type's fields go
under which legend. The fields themselves (and their order within a
section) come from ``fields.py``; a field not named here is identity."""
from __future__ import annotations

from dataclasses import dataclass

from jdih.catalogue.fields import Field, fields_for

#: (key, legend), in page order. Files and relations are forms of their own
#: below the main one (a form cannot nest), listed in the page's section nav.
SECTIONS = (("identitas", "Identitas"), ("tanggal", "Tanggal dan tempat"),
            ("klasifikasi", "Klasifikasi dan status"), ("abstrak", "Abstrak dan catatan"))

_SECTION_OF = {
    "tanggal": ("tanggal_penetapan", "tanggal_pengundangan", "tanggal_dibacakan", "tanggal_mulai",
                "tanggal_selesai", "tempat_penetapan", "tempat_peradilan"),
    "klasifikasi": ("bahasa_id", "bidang_id", "subjects", "lokasi", "status", "keterangan_status",
                    "urusan_pemerintahan", "tingkat_proses", "jenis_perkara", "status_putusan", "klasifikasi"),
    "abstrak": ("abstrak", "amar", "catatan"),
}
SECTION_BY_FIELD = {name: key for key, names in _SECTION_OF.items() for name in names}
#: Where a type uses a shared column for something else ("Tempat terbit" of a book).
OVERRIDES = {("monografi", "tempat_penetapan"): "identitas", ("laporan", "lokasi"): "tanggal"}


@dataclass(frozen=True)
class Section:
    key: str
    legend: str
    fields: tuple[Field, ...]


def section_of(doc_type: str, name: str) -> str:
    return OVERRIDES.get((doc_type, name)) or SECTION_BY_FIELD.get(name, "identitas")


def sections_for(doc_type: str) -> list[Section]:
    """The non-empty sections of ``doc_type``'s form, fields in declaration order."""
    fields = fields_for(doc_type)
    sections = [Section(key, legend, tuple(f for f in fields if section_of(doc_type, f.name) == key))
                for key, legend in SECTIONS]
    # Klasifikasi holds the visibility even when the type has no other field there.
    return [s for s in sections if s.fields or s.key == "klasifikasi"]
