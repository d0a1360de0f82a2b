"""Canonical identities for the other end of a relation.

Plain functions: a seed key ("PERMEN/KUMHAM/8/2019"), a citation found by
the parser, or what staff typed ("UU 7/2017", "Undang-Undang Nomor 7 Tahun
2017") -> the normalised identity key the catalogue stores ("UU 7/2017",
"PERMENKUMHAM 8/2019", "MK 90/PUU-XXI/2023"). The jenis vocabulary decides
the abbreviation, through a ``JenisIndex`` built once from its rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from jdih.catalogue.identity import (
    normalise_abbreviation, normalise_number, regulation_identity, ruling_identity,
)

#: Region words in seed keys ("KEPKPU_KAB_PESAWARAN") as citations spell them.
_REGION_WORDS = {"KAB": "KABUPATEN", "PROV": "PROVINSI", "KOTA": "KOTA"}
#: "<abbreviation> <number starting with a digit>", as identities are written.
_TYPED_IDENTITY = re.compile(r"^\s*(.*?[A-Za-z].*?)\s+(\d.*?)\s*$")


@dataclass
class JenisIndex:
    """The jenis vocabulary as plain data, for mapping types to abbreviations."""

    #: Citation parser type ("UU", "PERMEN") -> normalised abbreviations.
    by_citation_type: dict[str, list[str]] = field(default_factory=dict)
    #: Normalised abbreviation -> the spelling pages show ("Keputusan KPU").
    display: dict[str, str] = field(default_factory=dict)
    #: Normalised abbreviations of court rulings (identities without a year part).
    courts: set[str] = field(default_factory=set)

    @classmethod
    def from_rows(cls, rows: Iterable[Any]) -> "JenisIndex":
        """From Jenis rows (anything with doc_type, abbreviation, citation_type)."""
        index = cls()
        for row in rows:
            if not row.abbreviation:
                continue
            key = normalise_abbreviation(row.abbreviation)
            index.display[key] = " ".join(row.abbreviation.split())
            if row.doc_type == "putusan":
                index.courts.add(key)
            if row.citation_type:
                names = index.by_citation_type.setdefault(row.citation_type, [])
                if key not in names:
                    names.append(key)
        return index

    def abbreviation_for(self, citation_type: str) -> Optional[str]:
        """The one abbreviation of a parser type; None when absent or ambiguous."""
        names = self.by_citation_type.get(citation_type, [])
        return names[0] if len(names) == 1 else None

    def label(self, identity: str) -> str:
        """An identity key as pages show it: 'KEPUTUSAN KPU 1/2024' -> 'Keputusan KPU 1/2024'."""
        for key in sorted(self.display, key=len, reverse=True):
            if identity.startswith(key + " "):
                rest = identity[len(key):].split(" ")
                # Region words of regional decisions read better capitalised.
                rest = [w.capitalize() if w.isalpha() and len(w) > 3 else w for w in rest]
                return self.display[key] + " ".join(rest)
        return identity


def _regional(prefix_parts: list[str], index: JenisIndex) -> str:
    """'KEPKPU', 'KAB', 'PESAWARAN' -> 'KEPUTUSAN KPU KABUPATEN PESAWARAN'."""
    head = index.abbreviation_for(prefix_parts[0]) or prefix_parts[0]
    region = [_REGION_WORDS.get(word, word) for word in prefix_parts[1:]]
    return normalise_abbreviation(" ".join([head, *region]))


def seed_key_identity(key: str, index: JenisIndex) -> Optional[str]:
    """The identity of a seed key, as the demo loader would create it.

    "UU/7/2017" -> "UU 7/2017"; "PERMEN/KUMHAM/8/2019" -> "PERMENKUMHAM 8/2019";
    "KEPKPU/360/2024" -> "KEPUTUSAN KPU 360/2024"; "UUD/1945" -> "UUD 1945";
    "PUTUSAN_MK/90/PUU-XXI/2023" -> "MK 90/PUU-XXI/2023";
    "KEPKPU_KAB_PESAWARAN/1635/2024" -> "KEPUTUSAN KPU KABUPATEN PESAWARAN 1635/2024".
    """
    parts = [part.strip() for part in key.split("/")]
    prefix = parts[0].upper()
    if prefix.startswith("PUTUSAN_"):
        court = index.abbreviation_for(prefix) or prefix.removeprefix("PUTUSAN_")
        return ruling_identity(court, "/".join(parts[1:])) or None
    if len(parts) == 4:  # ministry regulations: PERMEN/<ministry>/<no>/<year>
        abbreviation, number, year = parts[0] + parts[1], parts[2], parts[3]
    elif len(parts) == 3:
        number, year = parts[1], parts[2]
        prefix_parts = prefix.split("_")
        abbreviation = (index.abbreviation_for(prefix) or prefix if len(prefix_parts) == 1
                        else _regional(prefix_parts, index))
    elif len(parts) == 2:
        abbreviation, number, year = index.abbreviation_for(prefix) or prefix, None, parts[1]
    else:
        return None
    if not year.isdigit():
        return None
    return regulation_identity(abbreviation, number, int(year)) or None


def citation_identity(citation: Any, index: JenisIndex) -> Optional[str]:
    """The identity a parser Citation names, or None when it cannot be told.

    Regional decisions carry their region ("Keputusan KPU Kabupaten
    Pesawaran" -> "KEPUTUSAN KPU KABUPATEN PESAWARAN 1635/2024"); ministry
    regulations need the ministry in the vocabulary ("PERMEN" + "KUMHAM").
    """
    ctype = citation.type
    if ctype in ("OTHER", "PUTUSAN_OTHER"):
        return None
    if ctype.startswith("PUTUSAN_"):
        court = index.abbreviation_for(ctype)
        return ruling_identity(court, citation.number) or None if court else None
    if ctype == "PERMEN":
        name = normalise_abbreviation("PERMEN" + (citation.issuer or ""))
        abbreviation = name if name in index.by_citation_type.get("PERMEN", []) else None
    elif ctype == "KEPKPU" and citation.issuer:
        abbreviation = normalise_abbreviation(
            f"{index.abbreviation_for('KEPKPU') or 'KEPUTUSAN KPU'} {citation.issuer}")
    else:
        abbreviation = index.abbreviation_for(ctype)
    if not abbreviation or not citation.year:
        return None
    return regulation_identity(abbreviation, citation.number, citation.year) or None


def typed_identity(text: str, index: JenisIndex) -> Optional[str]:
    """What staff typed -> an identity key, or None.

    Accepts a citation as legal text writes it ("Undang-Undang Nomor 7
    Tahun 2017", "Putusan MK Nomor 90/PUU-XXI/2023") or an identity
    ("UU 7/2017", "Keputusan KPU 360/2024", "MA 23 P/HUM/2024").
    """
    text = " ".join((text or "").split())
    if not text:
        return None
    from jdih.citations import extract

    found = extract(text)
    if len(found) == 1 and found[0].end - found[0].start >= len(text) - 1:
        identity = citation_identity(found[0], index)
        if identity:
            return identity
    match = _TYPED_IDENTITY.match(text)
    if not match:
        return None
    prefix, number = normalise_abbreviation(match.group(1)), match.group(2)
    if prefix in index.courts:
        return ruling_identity(prefix, number) or None
    nomor = normalise_number(number)
    if "/" not in nomor:
        return f"{prefix} {nomor}" if nomor.isdigit() and len(nomor) == 4 else None  # "UUD 1945"
    return f"{prefix} {nomor}"
