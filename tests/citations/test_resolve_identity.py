"""Resolving parsed citations to catalogued documents through the
canonical identity and the alias table."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from jdih.accounts.models import User
from jdih.catalogue import operations
from jdih.catalogue.models import Jenis
from jdih.citations import extract
from jdih.citations.resolve import (
    AMBIGUOUS, FOUND, NOT_CATALOGUED, AliasError, delete_alias, document_for_reference, resolve,
    resolve_for_reader, save_alias, seed_aliases,
)
from jdih.extensions import db


def make_doc(doc_type: str, abbreviation: str, nomor: str | None, tahun: int | None, judul: str = "Judul",
             visibility: str = "public", publish: bool = True):
    jenis = db.session.scalar(select(Jenis).where(Jenis.doc_type == doc_type, Jenis.abbreviation == abbreviation))
    doc = operations.create_document(doc_type, {"jenis_id": jenis.id, "nomor": nomor, "tahun": tahun,
                                                "judul": judul, "visibility": visibility})
    if publish:
        operations.publish(doc)
    db.session.flush()
    return doc


def only(text: str):
    citations = extract(text)
    assert len(citations) == 1, citations
    return citations[0]


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        db.session.rollback()


@pytest.mark.parametrize("text, doc_type, abbreviation, nomor, tahun", [
    ("Undang-Undang Nomor 7 Tahun 2017", "peraturan", "UU", "7", 2017),
    ("UU 7/2017", "peraturan", "UU", "7", 2017),
    ("UU RI No. 7 Tahun 2017", "peraturan", "UU", "7", 2017),
    ("Peraturan KPU Nomor 8 Tahun 2024", "peraturan", "PKPU", "8", 2024),
    ("Keputusan KPU Nomor 360 Tahun 2024", "peraturan", "Keputusan KPU", "360", 2024),
    ("UUD 1945", "peraturan", "UUD", None, 1945),
    ("Undang-Undang Dasar Negara Republik Indonesia Tahun 1945", "peraturan", "UUD", None, 1945),
    ("Putusan MK Nomor 20/PHPU.BUP-XXIII/2025", "putusan", "MK", "20/PHPU.BUP-XXIII/2025", 2025),
    ("Putusan Mahkamah Konstitusi Nomor 020/PHPU.BUP-XXIII/2025", "putusan", "MK", "20/PHPU.BUP-XXIII/2025", 2025),
    ("Putusan MA Nomor 23 P/HUM/2024", "putusan", "MA", "23 P/HUM/2024", 2024),
    ("Putusan DKPP Nomor 135-PKE-DKPP/XII/2023", "putusan", "DKPP", "135-PKE-DKPP/XII/2023", 2023),
    ("Permenkumham Nomor 8 Tahun 2019", "peraturan", "PERMENKUMHAM", "8", 2019),
    # Issue 14: typed with slips, other courts, instruments outside the hierarchy.
    ("Putusan MA Nomor 15P/HUM/2009", "putusan", "MA", "15 P/HUM/2009", 2009),
    ("putusan MA-RI No. 12/P/HUM/2020", "putusan", "MA", "12 P/HUM/2020", 2020),
    ("perkara 118/PHPU.BUP- XXIII/2025", "putusan", "MK", "118/PHPU.BUP-XXIII/2025", 2025),
    ("perkara 7-PKE/DPP/III/2024", "putusan", "DKPP", "7-PKE-DKPP/III/2024", 2024),
    ("perkara nomor 601/ G/SPPU/ 2023/PTUN.JKT", "putusan", "PTUN", "601/G/SPPU/2023/PTUN.JKT", 2023),
    ("permohonan nomor 002/PS.REG/16.00/VIII/2023", "putusan", "BAWASLU", "2/PS.REG/16.00/VIII/2023", 2023),
    ("Peraturan Bupati Kendal Nomor 33 Tahun 2021", "peraturan", "PERBUP", "33", 2021),
    ("Surat Edaran KPU Nomor 4 Tahun 2023", "peraturan", "SE", "4", 2023),
    ("Inpres Nomor 1 Tahun 2023", "peraturan", "INPRES", "1", 2023),
])
def test_citations_resolve_to_their_document(ctx, text, doc_type, abbreviation, nomor, tahun):
    doc = make_doc(doc_type, abbreviation, nomor, tahun)
    resolution = resolve(only(f"Sesuai {text}, rapat digelar."))
    assert resolution.status == FOUND
    assert resolution.document.id == doc.id
    assert resolution.identity == doc.identity


def test_not_catalogued_keeps_the_identity(ctx):
    resolution = resolve(only("berdasarkan PKPU Nomor 19 Tahun 2019"))
    assert resolution.status == NOT_CATALOGUED
    assert resolution.identity == "PKPU 19/2019"
    assert resolution.document is None


def test_deleted_documents_do_not_resolve(ctx):
    doc = make_doc("peraturan", "UU", "14", 2008)
    operations.delete(doc)
    assert resolve(only("UU 14/2008")).status == NOT_CATALOGUED


def test_several_jenis_with_one_citation_type_are_ambiguous(ctx):
    kumham = make_doc("peraturan", "PERMENKUMHAM", "8", 2019, "Kumham")
    dagri = make_doc("peraturan", "PERMENDAGRI", "8", 2019, "Dagri")
    # "Peraturan Menteri Nomor 8 Tahun 2019" names no ministry.
    resolution = resolve(only("Peraturan Menteri Nomor 8 Tahun 2019 mengatur hal itu"))
    assert resolution.status == AMBIGUOUS
    assert {d.id for d in resolution.documents} == {kumham.id, dagri.id}
    assert resolution.identity is None
    # The ministry in the name settles it.
    assert resolve(only("Permendagri Nomor 8 Tahun 2019")).document.id == dagri.id


def test_named_laws_resolve_through_the_alias_table(ctx):
    pemilu = make_doc("peraturan", "UU", "7", 2017, "Pemilihan Umum")
    citation = only("revisi UU Pemilu dibahas")
    assert citation.name == "Pemilu" and citation.number is None
    assert resolve(citation).status == NOT_CATALOGUED  # no alias yet
    assert seed_aliases() == 6 and seed_aliases() == 0
    assert resolve(citation).document.id == pemilu.id
    for text, identity in (("UU Pilkada", "UU 1/2015"), ("UU KIP", "UU 14/2008"),
                           ("UU Kearsipan", "UU 43/2009"), ("UU PDP", "UU 27/2022"),
                           ("UU P3", "UU 12/2011"), ("UU PPP", "UU 12/2011")):
        assert resolve(only(f"menurut {text} itu")).identity == identity, text


def test_admins_edit_aliases(ctx):
    make_doc("peraturan", "UU", "11", 2008, "Informasi dan Transaksi Elektronik")
    citation = only("menurut UU ITE yang berlaku")
    alias = save_alias(None, "UU", "ite", "UU ITE", "uu 11/2008")
    assert (alias.name, alias.target_identity) == ("ITE", "UU 11/2008")
    assert resolve(citation).status == FOUND
    with pytest.raises(AliasError):
        save_alias(None, "UU", "ITE", "", "UU 1/2024")
    with pytest.raises(AliasError):
        save_alias(None, "UU", "", "", "UU 1/2024")
    save_alias(alias, "UU", "ITE", "UU ITE", "UU 1/2024")
    assert resolve(citation).status == NOT_CATALOGUED and resolve(citation).identity == "UU 1/2024"
    delete_alias(alias)
    assert resolve(citation).identities == []


def test_readers_only_see_documents_they_may_read(ctx, users):
    make_doc("peraturan", "PKPU", "8", 2024, visibility="partner")
    make_doc("peraturan", "PKPU", "2", 2024, publish=False)
    partner = db.session.scalar(select(User).where(User.role == "partner"))
    editor = db.session.scalar(select(User).where(User.role == "editor"))
    from flask_login import AnonymousUserMixin

    anonymous = AnonymousUserMixin()
    partner_law, draft = only("PKPU 8/2024"), only("PKPU 2/2024")
    assert resolve_for_reader(partner_law, anonymous).status == NOT_CATALOGUED
    assert resolve_for_reader(partner_law, partner).status == FOUND
    assert resolve_for_reader(draft, partner).status == NOT_CATALOGUED
    assert resolve_for_reader(draft, editor).status == FOUND


def test_document_for_reference_accepts_what_staff_type(ctx):
    doc = make_doc("peraturan", "UU", "7", 2017)
    for reference in (str(doc.id), "UU 7/2017", "uu 7/2017", doc.slug, f"https://jdih.example/dokumen/{doc.slug}",
                      "Undang-Undang Nomor 7 Tahun 2017"):
        assert document_for_reference(reference) is doc, reference
    for reference in ("", "UU 8/2017", "999999", "bukan dokumen"):
        assert document_for_reference(reference) is None, reference
