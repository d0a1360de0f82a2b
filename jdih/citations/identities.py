"""From a citation the parser found to the canonical identity it names.

Plain functions over a ``JenisIndex`` (the jenis vocabulary as plain data),
shared by the news resolver, the relation suggestions and the seed loader so
that all three build the same identity from the same citation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from jdih.catalogue.identity import normalise_abbreviation, regulation_identity, ruling_identity

#: Region words in seed keys ("KEPKPU_KAB_PESAWARAN") as citations spell them.
_REGION_WORDS = {"KAB": "KABUPATEN", "PROV": "PROVINSI", "KOTA": "KOTA"}
#: OTHER documents by subtype (see patterns_more.toml) -> the jenis abbreviation
#: that names them ("PERBUP 33/2021"); the vocabulary's where it has one.
#: Peraturan MK is "PERMK": "PMK" is the Minister of Finance's regulation.
OTHER_ABBREVIATIONS = {
    "PERMA": "PERMA", "SEMA": "SEMA", "PERKAP": "PERKAP", "SKB": "SKB", "INPRES": "INPRES",
    "PMK": "PERMK", "PERKI": "PERKI", "SE": "SE", "KEPMEN": "KEPMEN",
    "PERGUB": "PERGUB", "PERBUP": "PERBUP", "PERWAL": "PERWAL",
    "KEPGUB": "KEPGUB", "KEPBUP": "KEPBUP", "KEPWAL": "KEPWAL",
}
#: Whose ruling a PUTUSAN_OTHER number is, from its codes: (pattern, court).
_OTHER_COURTS = (
    (re.compile(r"PT\.?\s?TUN|PTTUN", re.I), "PTTUN"),
    (re.compile(r"PTUN", re.I), "PTUN"),
    (re.compile(r"BWSL|BAWASLU|/PS[./]|/ADM[./]|/SP-\d", re.I), "BAWASLU"),
    (re.compile(r"/MKMK/", re.I), "MKMK"),
    (re.compile(r"/PN\b", re.I), "PN"),
)


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


def regional_abbreviation(prefix_parts: list[str], index: JenisIndex) -> str:
    """'KEPKPU', 'KAB', 'PESAWARAN' -> 'KEPUTUSAN KPU KABUPATEN PESAWARAN'."""
    head = index.abbreviation_for(prefix_parts[0]) or prefix_parts[0]
    region = [_REGION_WORDS.get(word, word) for word in prefix_parts[1:]]
    return normalise_abbreviation(" ".join([head, *region]))


def citation_identity(citation: Any, index: JenisIndex) -> Optional[str]:
    """The identity a parser Citation names, or None when it cannot be told.

    Regional decisions carry their region ("Keputusan KPU Kabupaten
    Pesawaran" -> "KEPUTUSAN KPU KABUPATEN PESAWARAN 1635/2024"); ministry
    regulations need the ministry in the vocabulary ("PERMEN" + "KUMHAM").
    """
    ctype = citation.type
    if ctype == "OTHER":
        return other_identity(citation)
    if ctype == "PUTUSAN_OTHER":
        court = other_court(citation)
        return ruling_identity(court, citation.number) or None if court else None
    if ctype.startswith("PUTUSAN_"):
        court = index.abbreviation_for(ctype)
        return ruling_identity(court, citation.number) or None if court else None
    if ctype == "PERMEN":
        # With its ministry the citation names one jenis, catalogued or not
        # ("PERMENKOMINFO"); without it, it cannot be told which.
        issuer = getattr(citation, "issuer", None)
        abbreviation = normalise_abbreviation("PERMEN" + issuer) if issuer else None
    elif ctype == "KEPKPU" and citation.issuer:
        abbreviation = normalise_abbreviation(
            f"{index.abbreviation_for('KEPKPU') or 'KEPUTUSAN KPU'} {citation.issuer}")
    else:
        abbreviation = index.abbreviation_for(ctype)
    if not abbreviation or not citation.year:
        return None
    return regulation_identity(abbreviation, citation.number, citation.year) or None


def other_identity(citation: Any) -> Optional[str]:
    """'PERBUP 33/2021', 'PERMA 5/2017', 'TAP MPR I/MPR/2003/2003'; None for an
    OTHER document whose kind the parser could not tell."""
    subtype = getattr(citation, "subtype", None)
    # The vocabulary's "TAP MPR"; the catalogue keeps "I/MPR/2003" as nomor.
    abbreviation = "TAP MPR" if subtype == "TAP MPR" else None
    abbreviation = abbreviation or OTHER_ABBREVIATIONS.get(subtype or "")
    if not abbreviation or not citation.year:
        return None
    return regulation_identity(abbreviation, citation.number, citation.year) or None


def other_court(citation: Any) -> Optional[str]:
    """The court or body of a PUTUSAN_OTHER citation, from its number's codes
    ("12/G/SPPU/2019/PTUN.JKT" -> "PTUN") or its issuer ("Bawaslu RI")."""
    written = f"{citation.number or ''} {getattr(citation, 'issuer', None) or ''}"
    for pattern, court in _OTHER_COURTS:
        if pattern.search(written):
            return court
    return None
