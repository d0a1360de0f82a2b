"""Recognise the lines that open a part of a regulation.

The drafting rules (Lampiran II UU 12/2011) fix how parts are written:
"BAB IV" and "Pasal 12" stand alone on their line, an ayat starts with
"(1)", a letter item with "a." and a number item with "1.". A reference in
running text ("sebagaimana dimaksud dalam Pasal 5 ayat (2)") is never alone
on its line, and when a wrap puts it at the start of a line the previous
line ends with a word that asks for it ("dalam", "pada", "ayat"); those
cases are left to the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ROMAN = r"[IVXLCDM]+"
_UNITS = "satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan"
#: Kesatu ... Kesepuluh, Kesebelas, Kedua Belas, Kedua Puluh Satu.
ORDINALS = (
    rf"kesatu|pertama|kesepuluh|kesebelas|ke(?:{_UNITS})"
    rf"|ke(?:{_UNITS}) (?:belas|puluh(?: (?:{_UNITS}))?)"
)

BAB = re.compile(rf"^BAB\s+({ROMAN}[A-Z]?)\b\.?\s*(.*)$")
BAGIAN = re.compile(rf"^Bagian\s+({ORDINALS})$", re.I)
PARAGRAF = re.compile(r"^Paragraf\s+(\d+[A-Z]?)$", re.I)
PASAL = re.compile(rf"^(?:Pasal|PASAL)\s+(\d+[A-Z]?|{ROMAN})$")
PASAL_EXPLAINED = re.compile(r"^(?:Pasal|PASAL)\s+(\d+[A-Z]?)\s+(Cukup jelas\.?)$", re.I)
AYAT = re.compile(r"^\((\d{1,3}[a-z]?)\)\s*(.*)$")
HURUF = re.compile(r"^([a-z])\.\s+(.*)$")
ANGKA = re.compile(r"^(\d{1,3})\.\s+(.*)$")
BUTIR = re.compile(r"^(\d{1,3}|[a-z])\)\s+(.*)$")

# Labels are capitalised ("Menimbang"); in lower case the word is running text.
MENIMBANG = re.compile(r"^(?:Menimbang|MENIMBANG)\s*:?\s*(.*)$")
MENGINGAT = re.compile(r"^(?:Mengingat|MENGINGAT)\s*:?\s*(.*)$")
MEMPERHATIKAN = re.compile(r"^(?:Memperhatikan|MEMPERHATIKAN)\s*:?\s*(.*)$")
MEMUTUSKAN = re.compile(r"^(M\s?E\s?M\s?U\s?T\s?U\s?S\s?K\s?A\s?N|Dengan Persetujuan Bersama)\b.*$", re.I)
MENETAPKAN = re.compile(r"^(?:Menetapkan|MENETAPKAN)\s*(?::\s*(.*)|\s([A-Z]{2,}.*))?$")

SIGNED = re.compile(r"^(Ditetapkan|Disahkan)\s+di\s+(.*)$", re.I)
PROMULGATED = re.compile(r"^Diundangkan\s+di\s+(.*)$", re.I)
DATED = re.compile(r"^pada\s+tanggal\s+(.*)$", re.I)
GAZETTE = re.compile(r"^(LEMBARAN|BERITA|TAMBAHAN LEMBARAN)\s+(NEGARA|DAERAH)\b", re.I)

PENJELASAN = re.compile(r"^PENJELASAN(\s+ATAS\b.*)?$")
UMUM = re.compile(r"^I\.\s*UMUM$", re.I)
PASAL_DEMI_PASAL = re.compile(r"^II\.\s*PASAL\s+DEMI\s+PASAL$", re.I)
LAMPIRAN = re.compile(rf"^LAMPIRAN(\s+({ROMAN}))?(\s+\S.*)?$")

#: A line ending with one of these asks for the next line's first words.
_OPEN_ENDING = re.compile(
    r"(\b(dalam|pada|dan|atau|dengan|oleh|serta|ketentuan|ayat|huruf|angka|Pasal|dimaksud|"
    r"sebagaimana|tentang|di|ke|dari|untuk|yaitu|yakni|bahwa)|,)$",
    re.I,
)


def asks_for_more(previous: str | None) -> bool:
    """Does ``previous`` stop mid-phrase, so the next line continues it?"""
    return bool(previous) and bool(_OPEN_ENDING.search(previous))


@dataclass(frozen=True, slots=True)
class Marker:
    """An item opening a line: an ayat "(2)", a letter "b." or a number "3."."""

    kind: str  # "ayat", "huruf", "angka", "butir"
    label: str
    rest: str


def list_marker(text: str) -> Marker | None:
    for kind, pattern in (("ayat", AYAT), ("huruf", HURUF), ("angka", ANGKA), ("butir", BUTIR)):
        match = pattern.match(text)
        if match:
            return Marker(kind, match.group(1), match.group(2))
    return None


def is_roman(label: str) -> bool:
    return bool(re.fullmatch(ROMAN, label))


def next_label(label: str) -> str:
    """The label that follows ``label`` in its series: 2 after 1, b after a, 3 after 2a."""
    if label.isalpha() and len(label) == 1:
        return chr(ord(label) + 1)
    digits = re.match(r"\d+", label)
    return str(int(digits.group(0)) + 1) if digits else ""


def follows(previous: str | None, label: str) -> bool:
    """May ``label`` come after ``previous`` in a series (None: first of the series)?

    Inserted items continue a series: "1a" or "10A" after "1" or "10", "10B"
    after "10A"; a series starts at "1" or "a".
    """
    if previous is None:
        return label in ("1", "a")
    if label == next_label(previous):
        return True
    base = re.match(r"(\d+)([a-zA-Z]?)$", label)
    prev = re.match(r"(\d+)([a-zA-Z]?)$", previous)
    if base and prev and base.group(2):
        same_number = base.group(1) == prev.group(1)
        return same_number and (not prev.group(2) or ord(base.group(2).lower()) == ord(prev.group(2).lower()) + 1)
    return False


def anchor_part(label: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", label.lower()).strip("-")
