"""Canonical identities: normalisation rules (plain functions, no app)."""
from __future__ import annotations

import pytest

from jdih.catalogue.identity import (
    normalise_abbreviation, normalise_number, regulation_identity, ruling_identity,
)
from jdih.core.slugs import slugify


@pytest.mark.parametrize("raw,expected", [
    ("7", "7"),
    ("007", "7"),
    ("No. 007", "7"),
    ("No 7", "7"),
    ("no.7", "7"),
    ("Nomor 7", "7"),
    ("Nomor: 7", "7"),
    ("NOMOR 7", "7"),
    ("  7  ", "7"),
    ("Nomor 7 Tahun 2017", "7"),
    ("15P/HUM/2009", "15 P/HUM/2009"),
    ("15 P/HUM/2009", "15 P/HUM/2009"),
    ("15  p / hum / 2009", "15 P/HUM/2009"),
    ("02/PHPU.BUP-XXIII/2025", "2/PHPU.BUP-XXIII/2025"),
    ("No. 02/phpu.bup-xxiii/2025", "2/PHPU.BUP-XXIII/2025"),
    ("90/PUU-XXI/2023", "90/PUU-XXI/2023"),
    ("PL.01.1-Kpt/03/KPU/X/2023", "PL.01.1-KPT/03/KPU/X/2023"),
    ("０７", "7"),  # full-width digits (NFKC)
    ("", ""),
    (None, ""),
])
def test_normalise_number(raw, expected):
    assert normalise_number(raw) == expected


def test_leading_zeros_only_on_the_case_number():
    assert normalise_number("001/PL.01.1-Kpt/03/2023") == "1/PL.01.1-KPT/03/2023"


@pytest.mark.parametrize("raw,expected", [
    ("uu", "UU"), ("Keputusan  kpu", "KEPUTUSAN KPU"), (" PKPU ", "PKPU"), ("", ""), (None, ""),
])
def test_normalise_abbreviation(raw, expected):
    assert normalise_abbreviation(raw) == expected


@pytest.mark.parametrize("abbreviation,number,year,expected", [
    ("UU", "7", 2017, "UU 7/2017"),
    ("uu", "No. 007", 2017, "UU 7/2017"),
    ("UU", "Nomor 7 Tahun 2017", 2017, "UU 7/2017"),
    ("Keputusan KPU", "360", 2024, "KEPUTUSAN KPU 360/2024"),
    ("UUD", None, 1945, "UUD 1945"),
    ("UUD", "", "1945", "UUD 1945"),
    ("UU", "7", None, ""),
    ("", "7", 2017, ""),
])
def test_regulation_identity(abbreviation, number, year, expected):
    assert regulation_identity(abbreviation, number, year) == expected


@pytest.mark.parametrize("court,number,expected", [
    ("MA", "15P/HUM/2009", "MA 15 P/HUM/2009"),
    ("ma", "15 P/HUM/2009", "MA 15 P/HUM/2009"),
    ("MK", "Nomor 02/PHPU.BUP-XXIII/2025", "MK 2/PHPU.BUP-XXIII/2025"),
    ("MK", "", ""),
    ("", "90/PUU-XXI/2023", ""),
])
def test_ruling_identity(court, number, expected):
    assert ruling_identity(court, number) == expected


@pytest.mark.parametrize("text,expected", [
    ("UU 7/2017", "uu-7-2017"),
    ("MA 23 P/HUM/2024", "ma-23-p-hum-2024"),
    ("KEPUTUSAN KPU 360/2024", "keputusan-kpu-360-2024"),
    ("Peraturan Daerah Ñusantara!!", "peraturan-daerah-nusantara"),
    ("", ""),
])
def test_slugify(text, expected):
    assert slugify(text) == expected


def test_slug_is_bounded():
    assert len(slugify("a " * 400)) <= 120
