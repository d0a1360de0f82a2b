"""Canonical identities: the names legal text uses to cite a document.

Regulations: jenis abbreviation + number + year ("UU 7/2017",
"PKPU 8/2024", "KEPUTUSAN KPU 360/2024", "UUD 1945" when there is no number;
pages show the abbreviation in the case the vocabulary spells it).
Court rulings: court abbreviation + case number ("MK 20/PHPU.BUP-XXIII/2025",
"MA 23 P/HUM/2024"). The normalised form is what is stored, compared and
made unique; the slug derived from it gives the document's URL.

Plain functions with no Flask or database import: the citation resolver,
the importers and the forms all normalise through here.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Iterable, Optional

_NUMBER_PREFIX = re.compile(r"^\s*(?:nomor|nomer|no)\s*\.?\s*:?\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_SPACE_AROUND_SEPARATORS = re.compile(r"\s*([/\-.])\s*")
# Only the leading case number loses its zeros ("02/PHPU..." -> "2/PHPU...");
# zeros inside codes such as "PL.01.1-Kpt" are part of the code.
_LEADING_ZEROS = re.compile(r"^0+(?=[0-9])")
# Supreme Court numbers write the register letter after the number with or
# without a space ("15P/HUM/2009", "23 P/HUM/2024"); keep one space.
_MA_REGISTER = re.compile(r"^(\d+)\s*([A-Z]{1,3})/")
# Staff paste the number as legal text cites it ("7 Tahun 2017"); the year
# is a field of its own, so it is not part of the number.
_YEAR_SUFFIX = re.compile(r"\s+TAHUN\s+\d{4}$")
# A regulation identity ends with its year: "UU 7/2017", "UUD 1945".
_ENDS_WITH_YEAR = re.compile(r"[ /](\d{4})$")
MIN_YEAR, MAX_YEAR = 1800, 2100


def normalise_abbreviation(abbreviation: str) -> str:
    """'Keputusan  kpu' -> 'KEPUTUSAN KPU'."""
    return _SPACES.sub(" ", abbreviation or "").strip().upper()


def normalise_number(number: Optional[str]) -> str:
    """Normalise a document number as legal text writes it.

    Drops "Nomor"/"No.", upper-cases, removes spaces around separators and
    the leading zeros of the case number: "No. 02/phpu.bup-XXIII/2025" ->
    "2/PHPU.BUP-XXIII/2025"; "15P/HUM/2009" -> "15 P/HUM/2009";
    "Nomor 7 Tahun 2017" -> "7".
    """
    if not number:
        return ""
    text = unicodedata.normalize("NFKC", str(number))
    text = _NUMBER_PREFIX.sub("", text)
    text = _SPACES.sub(" ", text).strip().upper()
    text = _YEAR_SUFFIX.sub("", text)
    text = _SPACE_AROUND_SEPARATORS.sub(r"\1", text)
    text = _LEADING_ZEROS.sub("", text)
    return _MA_REGISTER.sub(r"\1 \2/", text)


def regulation_identity(abbreviation: str, number: Optional[str], year: Optional[int]) -> str:
    """'UU', '7', 2017 -> 'UU 7/2017'; a constitution without number -> 'UUD 1945'."""
    prefix = normalise_abbreviation(abbreviation)
    nomor = normalise_number(number)
    if not prefix or not year:
        return ""
    return f"{prefix} {nomor}/{int(year)}" if nomor else f"{prefix} {int(year)}"


def ruling_identity(court_abbreviation: str, number: Optional[str]) -> str:
    """'mk', 'Nomor 02/PHPU.BUP-XXIII/2025' -> 'MK 2/PHPU.BUP-XXIII/2025'."""
    prefix = normalise_abbreviation(court_abbreviation)
    nomor = normalise_number(number)
    return f"{prefix} {nomor}" if prefix and nomor else ""


def ends_with_year(identity: str) -> bool:
    """Whether a regulation identity ends with a plausible year, as every
    catalogued one does: 'PKPU 15/2023X' or 'UU 7/217' does not."""
    match = _ENDS_WITH_YEAR.search(identity or "")
    return bool(match) and MIN_YEAR <= int(match.group(1)) <= MAX_YEAR


def closest_identity(identity: str, candidates: Iterable[str], cutoff: float = 0.85) -> Optional[str]:
    """The candidate most like ``identity`` (a typo away), or None."""
    found = difflib.get_close_matches(identity, list(candidates), n=1, cutoff=cutoff)
    return found[0] if found else None
