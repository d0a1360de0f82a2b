"""One test per rule of the spec: forms, numbers, spans, order, negatives."""
from __future__ import annotations

import dataclasses

import pytest

from jdih.citations import Citation, extract


def triples(text: str) -> list[tuple]:
    return [(c.type, c.number, c.year) for c in extract(text)]


def only(text: str) -> Citation:
    found = extract(text)
    assert len(found) == 1, [c.text for c in found]
    return found[0]


def test_citation_is_frozen_with_the_public_fields():
    citation = only("UU 7/2017")
    with pytest.raises(dataclasses.FrozenInstanceError):
        citation.year = 2000  # type: ignore[misc]
    assert list(citation.to_json()) == ["text", "start", "end", "type", "number", "year", "pinpoint"]


def test_spans_are_exact_and_in_order():
    text = "Lihat PKPU 8/2024,\nPasal 22E UUD 1945 dan Putusan MK Nomor 90/PUU-XXI/2023."
    found = extract(text)
    assert [c.type for c in found] == ["PKPU", "UUD", "PUTUSAN_MK"]
    for citation in found:
        assert text[citation.start:citation.end] == citation.text
    assert [c.start for c in found] == sorted(c.start for c in found)


def test_span_includes_a_pinpoint_written_directly_before():
    citation = only("menurut Pasal 167 ayat (2) UU No. 7 Tahun 2017, pemungutan")
    assert citation.text == "Pasal 167 ayat (2) UU No. 7 Tahun 2017"
    assert citation.pinpoint == "Pasal 167 ayat (2)"


@pytest.mark.parametrize(
    "text, pinpoint",
    [
        ("Penjelasan Pasal 72 ayat (2) UU 7/2017", "Penjelasan Pasal 72 ayat (2)"),
        ("Pasal 169 huruf q UU 7/2017", "Pasal 169 huruf q"),
        ("Pasal 1 angka 3 PKPU 8/2024", "Pasal 1 angka 3"),
        ("Pasal 40 ayat (1) dan ayat (3) UU 10/2016", "Pasal 40 ayat (1) dan ayat (3)"),
    ],
)
def test_pinpoint_forms(text, pinpoint):
    assert only(text).pinpoint == pinpoint


def test_pinpoint_needs_a_document_and_pasalnya_is_not_one():
    assert extract("Pasalnya, Pasal 22 ayat (1) UU ini belum diubah.") == []


def test_title_is_not_part_of_the_span():
    assert only("Undang-Undang Nomor 43 Tahun 2009 tentang Kearsipan").text == "Undang-Undang Nomor 43 Tahun 2009"


@pytest.mark.parametrize(
    "text",
    [
        "Undang-Undang Nomor 7 Tahun 2017", "Undang-undang No. 7 Tahun 2017",
        "UndangUndang Nomor 7 Tahun 2017", "Undang Undang Nomer 7 Tahun 2017",
        "UU No 7 Tahun 2017", "UU 7/2017", "UU/7/2017", "UU No.7 Th. 2017",
        "Undang-Undang Republik Indonesia Nomor 7 Tahun 2017", "uu nomor 7 tahun 2017",
        "Undang-Undang  Nomor\n7\nTahun   2017",
    ],
)
def test_statute_forms(text):
    assert triples(text) == [("UU", "7", 2017)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Perppu Nomor 1 Tahun 2022", ("PERPPU", "1", 2022)),
        ("Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 Tahun 2014", ("PERPPU", "1", 2014)),
        ("Peraturan Pemerintah Nomor 60 Tahun 2008", ("PP", "60", 2008)),
        ("PP 28/2012", ("PP", "28", 2012)),
        ("Peraturan Presiden Nomor 33 Tahun 2012", ("PERPRES", "33", 2012)),
        ("Perpres 33/2012", ("PERPRES", "33", 2012)),
        ("Keputusan Presiden Nomor 12 Tahun 2023", ("KEPPRES", "12", 2023)),
        ("Keppres No. 73/P Tahun 2024", ("KEPPRES", "73/P", 2024)),
        ("Peraturan Daerah Kota Semarang Nomor 5 Tahun 2021", ("PERDA", "5", 2021)),
        ("Perda 2/2019", ("PERDA", "2", 2019)),
        ("Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2024", ("PKPU", "8", 2024)),
        ("Peraturan KPU No 19 Tahun 2023", ("PKPU", "19", 2023)),
        ("PKPU 8/2024", ("PKPU", "8", 2024)),
        ("Keputusan Komisi Pemilihan Umum Nomor 360 Tahun 2024", ("KEPKPU", "360", 2024)),
        ("Keputusan KPU 360/2024", ("KEPKPU", "360", 2024)),
        ("Peraturan Badan Pengawas Pemilihan Umum Nomor 5 Tahun 2022", ("PERBAWASLU", "5", 2022)),
        ("Perbawaslu 7 Tahun 2022", ("PERBAWASLU", "7", 2022)),
        ("Peraturan Dewan Kehormatan Penyelenggara Pemilihan Umum Nomor 2 Tahun 2017", ("PERDKPP", "2", 2017)),
        ("Peraturan DKPP 2/2017", ("PERDKPP", "2", 2017)),
    ],
)
def test_regulation_forms(text, expected):
    assert triples(text) == [expected]


@pytest.mark.parametrize(
    "text, issuer",
    [
        ("Peraturan Menteri Hukum dan Hak Asasi Manusia Nomor 8 Tahun 2019", "KUMHAM"),
        ("Permenkumham 8/2019", "KUMHAM"),
        ("Permendagri Nomor 80 Tahun 2015", "DAGRI"),
        ("Peraturan Menteri Dalam Negeri Republik Indonesia Nomor 80 Tahun 2015", "DAGRI"),
    ],
)
def test_ministerial_regulations_keep_the_ministry(text, issuer):
    citation = only(text)
    assert citation.type == "PERMEN" and citation.issuer == issuer


def test_ministry_coded_number():
    assert triples("PMK Nomor 68/PMK.03/2010") == [("PERMEN", "68/PMK.03/2010", 2010)]
    assert triples("Peraturan Menteri Keuangan Nomor 68/PMK.03/2010") == [("PERMEN", "68/PMK.03/2010", 2010)]


def test_kpu_decisions_at_every_level():
    assert triples("Keputusan KPU Nomor 58/PL.01.1-Kpt/03/KPU/II/2018") == [
        ("KEPKPU", "58/PL.01.1-Kpt/03/KPU/II/2018", 2018)
    ]
    regional = only("Keputusan KPU Kota Semarang Nomor 12 Tahun 2024")
    assert (regional.type, regional.issuer) == ("KEPKPU", "Kota Semarang")


@pytest.mark.parametrize(
    "number, year",
    [
        ("20/PHPU.BUP-XXIII/2025", 2025), ("02/PHPU.BUP-XXIII/2025", 2025),
        ("22-24/PUU-VI/2008", 2008), ("119-01-17-03/PHPU.DPR-DPRD-XXII/2024", 2024),
        ("1/SKLN-X/2012", 2012), ("41/PHPU.D-VI/2008", 2008), ("1/PHP.GUB-XIV/2016", 2016),
        ("1/PHPU.PRES-XXII/2024", 2024), ("8/PHPU.DPD-XXII/2024", 2024),
        ("40/PHPU.WAKO-XXIII/2025", 2025),
    ],
)
def test_constitutional_court_numbers(number, year):
    citation = only(f"Putusan Mahkamah Konstitusi (MK) Nomor {number} dibacakan")
    # The number comes back canonical: without the leading zero.
    assert (citation.type, citation.number, citation.year) == ("PUTUSAN_MK", number.lstrip("0"), year)


def test_case_number_shape_is_enough_without_a_court_name():
    assert triples("Putusan Nomor 90/PUU-XXI/2023") == [("PUTUSAN_MK", "90/PUU-XXI/2023", 2023)]
    assert triples("perkara 23 P/HUM/2024") == [("PUTUSAN_MA", "23 P/HUM/2024", 2024)]


@pytest.mark.parametrize("number, canonical, year", [
    ("23 P/HUM/2024", "23 P/HUM/2024", 2024),
    ("15P/HUM/2009", "15 P/HUM/2009", 2009),
    ("570 K/TUN/Pilkada/2016", "570 K/TUN/Pilkada/2016", 2016),
    ("570 K/ TUN/ Pilkada/2016", "570 K/TUN/Pilkada/2016", 2016),
    ("12/P/HUM/2020", "12 P/HUM/2020", 2020),
])
def test_supreme_court_numbers(number, canonical, year):
    assert triples(f"Putusan MA Nomor {number}") == [("PUTUSAN_MA", canonical, year)]


def test_dkpp_numbers():
    assert triples("Putusan DKPP Nomor 135-PKE-DKPP/XII/2023") == [("PUTUSAN_DKPP", "135-PKE-DKPP/XII/2023", 2023)]


def test_amendment_chain_gives_every_law():
    text = (
        "Undang-Undang Nomor 1 Tahun 2015 tentang Penetapan Peraturan Pemerintah Pengganti "
        "Undang-Undang Nomor 1 Tahun 2014 tentang Pemilihan Gubernur, Bupati, dan Walikota Menjadi "
        "Undang-Undang sebagaimana telah beberapa kali diubah, terakhir dengan Undang-Undang Nomor 6 Tahun 2020"
    )
    assert triples(text) == [("UU", "1", 2015), ("PERPPU", "1", 2014), ("UU", "6", 2020)]
    assert triples("Perubahan Kedua atas Undang-Undang Nomor 1 Tahun 2015") == [("UU", "1", 2015)]


def test_repeats_count():
    assert triples("UU 7/2017 ... UU 7/2017") == [("UU", "7", 2017)] * 2


@pytest.mark.parametrize("text, name", [("UU Pemilu", "Pemilu"), ("UU Pilkada", "Pilkada"), ("UU ITE", "ITE"), ("UU KIP", "KIP"), ("UU Kearsipan", "Kearsipan")])
def test_named_laws(text, name):
    citation = only(f"menurut {text}, hal itu dilarang")
    assert (citation.type, citation.number, citation.year, citation.name) == ("UU", None, None, name)


@pytest.mark.parametrize("text", ["UUD 1945", "UUD NRI Tahun 1945", "Undang-Undang Dasar Negara Republik Indonesia Tahun 1945"])
def test_constitution(text):
    assert triples(text) == [("UUD", None, 1945)]


@pytest.mark.parametrize(
    "text",
    [
        "UU ini", "Undang-Undang tersebut", "peraturan tersebut", "Peraturan KPU ini",
        "Peraturan KPU terkait", "peraturan perundang-undangan", "nomor urut 2", "TPS nomor 5",
        "Pemilu Tahun 2024", "Pemilu Serentak Tahun 2024", "0812-3456-7890", "(024) 123456",
        "Jumat (24/10/2024)", "14 Februari 2024", "Pasalnya", "RUU Pemilu",
        "Lembaran Negara Republik Indonesia Tahun 2017 Nomor 182",
    ],
)
def test_not_citations(text):
    assert extract(f"Menurut dia, {text} sudah jelas.") == []


def test_no_span_starts_or_ends_with_whitespace():
    text = "perkara 273/PHPU.GUB-XXIII/2025, 40/PHPU.WAKO-XXIII/2025, dan 8/PHPU.DPD-XXII/2024"
    for citation in extract(text):
        assert citation.text == citation.text.strip()
