"""Case and document numbers as the catalogue identity spells them.

The parser accepts numbers typed with slips ("118/PHPU.BUP- XXIII/2025",
"7-PKE/DPP/III/2024", "12/P/HUM/2020", "60/PUU-XXII/202"); this module turns
them into the canonical form so that the same document typed two ways gets
one identity. Case is kept (the identity upper-cases when it compares).
"""
from __future__ import annotations

import re
from typing import Optional

_SPACE_AROUND_SEPARATORS = re.compile(r"\s*([/\-.])\s*")
_LEADING_ZEROS = re.compile(r"^0+(?=\d)")
# "15P/HUM/2009", "12/P/HUM/2020" -> "15 P/HUM/2009", "12 P/HUM/2020"
_MA_REGISTER = re.compile(r"^(\d+)\s*/?\s*(PK|P|K|B)/", re.IGNORECASE)
# "179/PHPU/BUP-XXIII/2025" -> "179/PHPU.BUP-XXIII/2025"
_MK_CODE_SLASH = re.compile(r"^([\d\-]+/PHPU?)/([A-Z]+-)", re.IGNORECASE)
_MK_ROMAN = re.compile(r"-([IVXLC]+)/(\d{3})$", re.IGNORECASE)
# "7-PKE/DPP/III/2024", "7-PKE-PP/..." -> "7-PKE-DKPP/III/2024"
_DKPP_ORGAN = re.compile(r"-PKE[-/]D?K?PP/", re.IGNORECASE)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
#: The MK numbers its registers from 2003 ("I") on.
MK_FIRST_YEAR = 2002


def clean_number(number: Optional[str], ctype: str) -> Optional[str]:
    """The number without typing slips, in its canonical form for ``ctype``."""
    if not number:
        return number
    text = _LEADING_ZEROS.sub("", _SPACE_AROUND_SEPARATORS.sub(r"\1", number.strip()))
    if ctype == "PUTUSAN_MA":
        text = _MA_REGISTER.sub(lambda m: f"{m.group(1)} {m.group(2).upper()}/", text)
    elif ctype == "PUTUSAN_MK":
        text = _mk_year_repaired(_MK_CODE_SLASH.sub(r"\1.\2", text))
    elif ctype == "PUTUSAN_DKPP":
        text = _DKPP_ORGAN.sub("-PKE-DKPP/", text)
    return text


# Canonical case numbers of the courts with their own type, for a number
# found after a designation the parser could not tell ("Putusan ... Nomor").
_COURT_NUMBERS = (
    ("PUTUSAN_MK", re.compile(
        r"\d{1,4}(?:-\d{1,4})*/(?:PUU|SKLN|PHPU?(?:[.\-][A-Z]+(?:-DPRD)?)?)-[IVXLC]+/\d{4}", re.I)),
    ("PUTUSAN_DKPP", re.compile(r"\d{1,4}-PKE-DKPP/[IVXLC]+/\d{4}|\d{1,4}/DKPP-PKE[-/][IVXLC]+/\d{4}", re.I)),
    ("PUTUSAN_MA", re.compile(r"\d{1,5} (?:PK|P|K|B)/[A-Z][\w.\-]*(?:/[\w.\-]+){0,2}/\d{4}", re.I)),
)


def court_type(number: Optional[str]) -> Optional[str]:
    """'2/PHP.BUP-XV/2017' -> 'PUTUSAN_MK'; None for other courts' numbers."""
    for ctype, pattern in _COURT_NUMBERS:
        if number and pattern.fullmatch(number):
            return ctype
    return None


def roman_value(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _mk_year_repaired(number: str) -> str:
    """'60/PUU-XXII/202' -> '60/PUU-XXII/2024': the register numeral gives the year."""
    short = _MK_ROMAN.search(number)
    if not short:
        return number
    year = str(MK_FIRST_YEAR + roman_value(short.group(1)))
    if not year.startswith(short.group(2)):
        return number
    return number[: short.start(2)] + year
