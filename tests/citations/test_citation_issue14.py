"""Issue 14: what unseen real text writes and the parser used to miss.

One test per class of miss; the figures on real text are in
test_citation_eval.py (held-out passages).
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from jdih.catalogue.identity import normalise_number
from jdih.citations import extract
from jdih.citations.identities import JenisIndex, citation_identity


def found(text: str) -> list[tuple]:
    return [(c.type, c.number, c.year) for c in extract(text)]


def pinned(text: str) -> list[tuple]:
    return [(c.type, c.number, c.year, c.pinpoint) for c in extract(text)]


@pytest.mark.parametrize("text, expected", [
    ("Putusan MA Nomor 41 P/HUM/2019", ("PUTUSAN_MA", "41 P/HUM/2019", 2019)),
    ("putusan MA-RI No. 12/P/HUM/2020", ("PUTUSAN_MA", "12 P/HUM/2020", 2020)),
    ("Putusan Mahkamah Konstitusi (MK) Nomor 55/PUU-XVIII/2020", ("PUTUSAN_MK", "55/PUU-XVIII/2020", 2020)),
    ("putusan Mahkamah Agung Nomor MA No. 570 K/ TUN/ Pilkada/2016", ("PUTUSAN_MA", "570 K/TUN/Pilkada/2016", 2016)),
    ("SURAT PUTUSAN MAHKAMAH KONSTITUSI TERHADAP PERKARA No. 2/PHP.BUP-XV/2017",
     ("PUTUSAN_MK", "2/PHP.BUP-XV/2017", 2017)),
])
def test_courts_by_abbreviation_or_with_abbreviation_in_brackets(text, expected):
    assert found(text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("perkara 12-PKE-DKPP/I/2024, 13-PKE-DKPP/I/2024, dan 20-PKE-DKPP/I/2024",
     [("PUTUSAN_DKPP", f"{n}-PKE-DKPP/I/2024", 2024) for n in (12, 13, 20)]),
    ("Putusan Nomor 31-33/PUU-XIV/2016", [("PUTUSAN_MK", "31-33/PUU-XIV/2016", 2016)]),
    ("PKPU Nomor 3 dan 5 Tahun 2022", [("PKPU", "3", 2022), ("PKPU", "5", 2022)]),
    ("Peraturan Bawaslu Nomor 6 Tahun 2018 dan Nomor 28 Tahun 2018",
     [("PERBAWASLU", "6", 2018), ("PERBAWASLU", "28", 2018)]),
    ("Ketetapan MPRS No.XI/MPRS/1966 dan No. XLII/MPRS/1968",
     [("OTHER", "XI/MPRS/1966", 1966), ("OTHER", "XLII/MPRS/1968", 1968)]),
    ("1. Perkara Nomor 7-PKE-DKPP/II/2024;\n2. Perkara Nomor 8-PKE-DKPP/II/2024;",
     [("PUTUSAN_DKPP", "7-PKE-DKPP/II/2024", 2024), ("PUTUSAN_DKPP", "8-PKE-DKPP/II/2024", 2024)]),
    ("PKPU 7/2022, PKPU 8/2022 dan PKPU 9/2022", [("PKPU", str(n), 2022) for n in (7, 8, 9)]),
])
def test_several_numbers_under_one_designation_give_one_citation_each(text, expected):
    assert found(text) == expected


def test_a_list_does_not_swallow_the_next_sentence_or_other_numbers():
    assert found("PKPU Nomor 3 Tahun 2022, 2 orang hadir dan 5 Tahun kemudian") == [("PKPU", "3", 2022)]
    assert found("UU Pemilu dan Pilkada dibahas") == [("UU", None, None)]


@pytest.mark.parametrize("text, number", [
    ("perkara 118/PHPU.BUP- XXIII/2025", "118/PHPU.BUP-XXIII/2025"),
    ("nomor 77/PHP. KOT-XIX/2021", "77/PHP.KOT-XIX/2021"),
    ("Putusan MK No. 14/ PUU-XI/ 2013", "14/PUU-XI/2013"),
    ("perkara 60/PUU-XXII/202 pada Agustus", "60/PUU-XXII/2024"),
    ("nomor perkara 179/PHPU/BUP-XXIII/2025", "179/PHPU.BUP-XXIII/2025"),
    ("perkara nomor 7-PKE/DPP/III/2024", "7-PKE-DKPP/III/2024"),
    ("perkara 146 -PKE-DKPP/ VI/2024", "146-PKE-DKPP/VI/2024"),
    ("Perkara Nomor: 25/DKPP-PKE- VII/2018", "25/DKPP-PKE-VII/2018"),
])
def test_typing_slips_inside_case_numbers_give_the_canonical_number(text, number):
    [(ctype, got, year)] = found(text)
    assert got == number and year == int(number[-4:])


def test_one_case_typed_two_ways_has_one_identity():
    index = JenisIndex.from_rows([
        SimpleNamespace(doc_type="putusan", abbreviation=a, citation_type=t)
        for a, t in (("MA", "PUTUSAN_MA"), ("MK", "PUTUSAN_MK"), ("DKPP", "PUTUSAN_DKPP"))])
    for one, other in (("Putusan Nomor 15P/HUM/2009", "Putusan MA Nomor 15 P/HUM/2009"),
                       ("perkara 118/PHPU.BUP- XXIII/2025", "Putusan MK Nomor 118/PHPU.BUP-XXIII/2025"),
                       ("perkara 02/PUU-XXI/2023", "perkara 2/PUU-XXI/2023")):
        [a], [b] = extract(one), extract(other)
        assert citation_identity(a, index) == citation_identity(b, index) is not None
        assert normalise_number(a.number) == normalise_number(b.number)


@pytest.mark.parametrize("text, expected", [
    ("terdaftar dengan nomor 12/G/SPPU/2019/PTUN.JKT", ("PUTUSAN_OTHER", "12/G/SPPU/2019/PTUN.JKT", 2019)),
    ("Putusan PTTUN MEDAN Nomor 08/G/2013/PTTUN-MDN", ("PUTUSAN_OTHER", "8/G/2013/PTTUN-MDN", 2013)),
    ("Nomor Perkara 23/Pid.Sus/2024/PN Slk", ("PUTUSAN_OTHER", "23/Pid.Sus/2024/PN Slk", 2024)),
    ("permohonan nomor 002/PS.REG/16.00/VIII/2023", ("PUTUSAN_OTHER", "2/PS.REG/16.00/VIII/2023", 2023)),
    ("Putusan DKPP Nomor 93/DKPP-PKE-V/2016", ("PUTUSAN_DKPP", "93/DKPP-PKE-V/2016", 2016)),
    ("kasasi Nomor 1234 K/TUN/2020", ("PUTUSAN_MA", "1234 K/TUN/2020", 2020)),
    ("peninjauan kembali Nomor 56 PK/TUN/2021", ("PUTUSAN_MA", "56 PK/TUN/2021", 2021)),
])
def test_other_adjudicators(text, expected):
    assert found(text) == [expected]


def test_complaint_and_letter_numbers_are_not_rulings():
    assert found("Pengaduan Nomor 120/V-P/L-DKPP/2016 dan Surat Pelimpahan B-412/L.3.15/Eku.2/03/2024") == []
    assert found("Laporan Nomor 05/LP/PL/Kab/12.04/III/2024, tabel 3/ADM/2024, tanggal 12/05/2024") == []


@pytest.mark.parametrize("text, expected", [
    ("KPU menerbitkan Keputusan Nomor 1050 Tahun 2024", [("KEPKPU", "1050", 2024)]),
    ("Presiden menerbitkan Keputusan Nomor 5/P Tahun 2024", [("KEPPRES", "5/P", 2024)]),
    ("Bawaslu menerbitkan Keputusan Nomor 21 Tahun 2024", [("OTHER", "21", 2024)]),
    ("Rapat digelar. Keputusan Nomor 7 Tahun 2020 berlaku.", []),
    ("Keppres Nomor 12 P tanggal 3 Maret 2022", [("KEPPRES", "12 P", 2022)]),
])
def test_issuer_and_year_given_by_context(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text, subtype, identity", [
    ("Perma Nomor 5 Tahun 2017", "PERMA", "PERMA 5/2017"),
    ("SEMA No. 2 Tahun 2018", "SEMA", "SEMA 2/2018"),
    ("Surat Edaran KPU Nomor 4 Tahun 2023", "SE", "SE 4/2023"),
    ("Ketetapan MPR Nomor I/MPR/2003", "TAP MPR", "TAP MPR I/MPR/2003/2003"),
    ("Peraturan Kapolri Nomor 1 Tahun 2009", "PERKAP", "PERKAP 1/2009"),
    ("Peraturan Bupati Kendal Nomor 33 Tahun 2021", "PERBUP", "PERBUP 33/2021"),
    ("Peraturan Wali Kota Depok Nomor 45 Tahun 2020", "PERWAL", "PERWAL 45/2020"),
    ("Surat Keputusan Bersama (SKB) No 2 Tahun 2022", "SKB", "SKB 2/2022"),
    ("Peraturan Mahkamah Konstitusi Nomor 2 Tahun 2021", "PMK", "PERMK 2/2021"),
])
def test_instruments_outside_the_hierarchy_have_a_subtype_and_an_identity(text, subtype, identity):
    [citation] = extract(text)
    assert (citation.type, citation.subtype) == ("OTHER", subtype)
    assert citation_identity(citation, JenisIndex()) == identity


def test_qanun_is_a_regional_regulation():
    assert found("Qanun Aceh Nomor 6 Tahun 2016") == [("PERDA", "6", 2016)]


def test_other_court_rulings_have_an_identity():
    for text, identity in (("nomor 12/G/SPPU/2019/PTUN.JKT", "PTUN 12/G/SPPU/2019/PTUN.JKT"),
                           ("permohonan nomor 002/PS.REG/16.00/VIII/2023", "BAWASLU 2/PS.REG/16.00/VIII/2023")):
        [citation] = extract(text)
        assert citation_identity(citation, JenisIndex()) == identity


@pytest.mark.parametrize("text, expected", [
    ("Pasal 222 UU Nomor 7 Tahun 2017", ("UU", "7", 2017, "Pasal 222")),
    ("UU Nomor 7 Tahun 2017 Pasal 280 ayat (1) huruf h melarang", ("UU", "7", 2017, "Pasal 280 ayat (1) huruf h")),
    ("UU No. 7 Tahun 2017 Pasal 167 ayat (2) : “Hari", ("UU", "7", 2017, "Pasal 167 ayat (2)")),
    ("Pasal 4 Perma No 5 Tahun 2017 tentang", ("OTHER", "5", 2017, "Pasal 4")),
])
def test_pinpoint_before_or_after_the_document(text, expected):
    assert pinned(text) == [expected]


def test_a_pinpoint_that_starts_the_next_citation_stays_with_it():
    assert pinned("Pasal 3 UU 31/1999\n\nPasal 28D ayat (1) UUD 1945") == [
        ("UU", "31", 1999, "Pasal 3"), ("UUD", None, 1945, "Pasal 28D ayat (1)")]
    assert pinned("UU 7/2017 Pasal 5 UUD 1945") == [("UU", "7", 2017, None), ("UUD", None, 1945, "Pasal 5")]


@pytest.mark.parametrize("text, expected", [
    ("UU Nomor Tahun 2016", [("UU", None, 2016)]),
    ("PERATURAN KOMISI PEMILIHAN UMUM NOMOR TAHUN 2012 TENTANG", [("PKPU", None, 2012)]),
    ("Peraturan Badan Pengawas Pemilihan Umum Nomor\nTahun 1 Tahun 2021", [("PERBAWASLU", "1", 2021)]),
])
def test_a_number_left_out_is_a_citation_without_number(text, expected):
    assert found(text) == expected
