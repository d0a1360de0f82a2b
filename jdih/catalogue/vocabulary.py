"""The standard vocabularies every JDIH starts with (JDIHN reference).

Admins extend them in the app; seeding only adds what is missing, so it is
safe to run on every deploy.
"""
from __future__ import annotations

from sqlalchemy import select

from jdih.core import audit
from jdih.catalogue.models import Jenis, Term
from jdih.catalogue.operations import CatalogueError, refresh_identities
from jdih.extensions import db

# (name, abbreviation used in identities, citation parser type)
STANDARD_JENIS: dict[str, list[tuple[str, str, str | None]]] = {
    "peraturan": [
        ("Undang-Undang Dasar", "UUD", "UUD"),
        ("Ketetapan MPR", "TAP MPR", None),
        ("Undang-Undang", "UU", "UU"),
        ("Peraturan Pemerintah Pengganti Undang-Undang", "PERPPU", "PERPPU"),
        ("Peraturan Pemerintah", "PP", "PP"),
        ("Peraturan Presiden", "PERPRES", "PERPRES"),
        ("Keputusan Presiden", "KEPPRES", "KEPPRES"),
        ("Instruksi Presiden", "INPRES", None),
        ("Peraturan Menteri Hukum dan Hak Asasi Manusia", "PERMENKUMHAM", "PERMEN"),
        ("Peraturan Menteri Dalam Negeri", "PERMENDAGRI", "PERMEN"),
        ("Peraturan Menteri Keuangan", "PMK", "PERMEN"),
        ("Keputusan Menteri", "KEPMEN", None),
        ("Surat Edaran", "SE", None),
        ("Peraturan Komisi Pemilihan Umum", "PKPU", "PKPU"),
        ("Keputusan Komisi Pemilihan Umum", "Keputusan KPU", "KEPKPU"),
        ("Peraturan Badan Pengawas Pemilihan Umum", "PERBAWASLU", "PERBAWASLU"),
        ("Peraturan Dewan Kehormatan Penyelenggara Pemilihan Umum", "Peraturan DKPP", "PERDKPP"),
        ("Peraturan Daerah Provinsi", "Perda Provinsi", "PERDA"),
        ("Peraturan Daerah Kabupaten/Kota", "PERDA", "PERDA"),
        ("Peraturan Gubernur", "PERGUB", None),
        ("Peraturan Bupati", "PERBUP", None),
        ("Peraturan Wali Kota", "PERWAL", None),
        ("Nota Kesepahaman", "MOU", None),
    ],
    "putusan": [
        ("Putusan Mahkamah Konstitusi", "MK", "PUTUSAN_MK"),
        ("Putusan Mahkamah Agung", "MA", "PUTUSAN_MA"),
        ("Putusan Dewan Kehormatan Penyelenggara Pemilu", "DKPP", "PUTUSAN_DKPP"),
        ("Putusan Pengadilan Tata Usaha Negara", "PTUN", "PUTUSAN_OTHER"),
        ("Putusan Badan Pengawas Pemilu", "BAWASLU", "PUTUSAN_OTHER"),
        ("Yurisprudensi", "YURISPRUDENSI", None),
    ],
    "monografi": [
        ("Buku Hukum", "", None),
        ("Naskah Akademik", "", None),
        ("Penelitian Hukum", "", None),
        ("Pengkajian Hukum", "", None),
        ("Analisis dan Evaluasi", "", None),
    ],
    "artikel": [
        ("Artikel", "", None),
        ("Majalah Hukum", "", None),
        ("Jurnal", "", None),
    ],
    "laporan": [
        ("Laporan Kegiatan", "", None),
        ("Sosialisasi Produk Hukum", "", None),
        ("Rapat Koordinasi", "", None),
        ("Bimbingan Teknis", "", None),
    ],
}

STANDARD_TERMS = {
    "bahasa": ["Indonesia", "Inggris", "Belanda", "Arab"],
    "bidang": [
        "Hukum Tata Negara", "Hukum Administrasi Negara", "Hukum Pidana",
        "Hukum Perdata", "Hukum Acara", "Hukum Internasional", "Hak Asasi Manusia",
        "Hukum Pemilu",
    ],
}


def seed_vocabularies() -> int:
    """Add the standard jenis and terms that are missing; returns how many."""
    added = 0
    for doc_type, entries in STANDARD_JENIS.items():
        existing = set(db.session.scalars(select(Jenis.name).where(Jenis.doc_type == doc_type)))
        for order, (name, abbreviation, citation_type) in enumerate(entries):
            if name not in existing:
                db.session.add(Jenis(doc_type=doc_type, name=name, abbreviation=abbreviation,
                                     citation_type=citation_type, sort_order=order * 10))
                added += 1
    for vocabulary, labels in STANDARD_TERMS.items():
        existing = set(db.session.scalars(select(Term.label).where(Term.vocabulary == vocabulary)))
        for label in labels:
            if label not in existing:
                db.session.add(Term(vocabulary=vocabulary, label=label))
                added += 1
    db.session.flush()
    return added


def jenis_choices(doc_type: str) -> list[Jenis]:
    return list(db.session.scalars(
        select(Jenis).where(Jenis.doc_type == doc_type).order_by(Jenis.sort_order, Jenis.name)))


def term_choices(vocabulary: str) -> list[Term]:
    return list(db.session.scalars(
        select(Term).where(Term.vocabulary == vocabulary).order_by(Term.label)))


def term_by_label(vocabulary: str, label: str | None) -> Term | None:
    if not label:
        return None
    term = db.session.scalar(select(Term).where(Term.vocabulary == vocabulary, Term.label == label))
    if term is None:
        term = Term(vocabulary=vocabulary, label=label)
        db.session.add(term)
    return term


def add_jenis(doc_type: str, name: str, abbreviation: str, citation_type: str | None) -> Jenis:
    name = name.strip()
    exists = db.session.scalar(select(Jenis).where(Jenis.doc_type == doc_type, Jenis.name == name))
    if exists:
        raise CatalogueError(f"Jenis \u201c{name}\u201d sudah ada.")
    jenis = Jenis(doc_type=doc_type, name=name, abbreviation=abbreviation.strip(),
                  citation_type=citation_type)
    db.session.add(jenis)
    db.session.flush()
    audit.record("create", jenis, {"name": [None, name], "abbreviation": [None, jenis.abbreviation]})
    return jenis


def update_jenis(jenis: Jenis, name: str, abbreviation: str, citation_type: str | None) -> None:
    """Rename a jenis; documents of it get their identity recomputed."""
    name = name.strip()
    taken = db.session.scalar(select(Jenis).where(
        Jenis.doc_type == jenis.doc_type, Jenis.name == name, Jenis.id != jenis.id))
    if taken:
        raise CatalogueError(f"Jenis \u201c{name}\u201d sudah ada.")
    before = {"name": jenis.name, "abbreviation": jenis.abbreviation, "citation_type": jenis.citation_type}
    jenis.name, jenis.abbreviation = name, abbreviation.strip()
    jenis.citation_type = citation_type
    after = {"name": jenis.name, "abbreviation": jenis.abbreviation, "citation_type": jenis.citation_type}
    changes = audit.diff(before, after)
    if changes:
        audit.record("edit", jenis, changes)
        if "abbreviation" in changes:
            refresh_identities(jenis)


def add_term(vocabulary_name: str, label: str) -> Term:
    label = label.strip()
    if db.session.scalar(select(Term).where(Term.vocabulary == vocabulary_name, Term.label == label)):
        raise CatalogueError(f"Istilah \u201c{label}\u201d sudah ada.")
    term = Term(vocabulary=vocabulary_name, label=label)
    db.session.add(term)
    db.session.flush()
    audit.record("create", term, {"label": [None, label]})
    return term
