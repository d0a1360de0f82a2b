"""Canonical identities for the other end of a relation.

Plain functions: a seed key ("PERMEN/KUMHAM/8/2019"), a citation found by
the parser, or what staff typed ("UU 7/2017", "Undang-Undang Nomor 7 Tahun
2017") -> the normalised identity key the catalogue stores ("UU 7/2017",
"PERMENKUMHAM 8/2019", "MK 90/PUU-XXI/2023"). The jenis vocabulary decides
the abbreviation, through a ``JenisIndex`` built once from its rows.
"""
from __future__ import annotations

import re
from typing import Optional

from jdih.catalogue.identity import (
    normalise_abbreviation, normalise_number, regulation_identity, ruling_identity,
)
from jdih.citations.identities import JenisIndex, citation_identity, regional_abbreviation

#: "<abbreviation> <number starting with a digit>", as identities are written.
_TYPED_IDENTITY = re.compile(r"^\s*(.*?[A-Za-z].*?)\s+(\d.*?)\s*$")


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
                        else regional_abbreviation(prefix_parts, index))
    elif len(parts) == 2:
        abbreviation, number, year = index.abbreviation_for(prefix) or prefix, None, parts[1]
    else:
        return None
    if not year.isdigit():
        return None
    return regulation_identity(abbreviation, number, int(year)) or None


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
