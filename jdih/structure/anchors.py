"""From a pinpoint as people write it to the anchors of the reading view.

"Pasal 169 huruf q" -> "pasal-169"; "Pasal 5 dan Pasal 10A" -> "pasal-5",
"pasal-10a"; "Penjelasan Pasal 5" -> "penjelasan-pasal-5". A pinpoint in a
Lampiran, or one that names no pasal ("Lampiran II"), has no anchor.
"""
from __future__ import annotations

import re
from typing import Optional

from jdih.structure.headings import anchor_part

# A pasal number with an optional inserted letter ("10A"); the letter must be
# upper case, as the drafting rules write it, so "Pasal 5 a" is not "5A".
_PASAL = re.compile(r"(?<!\w)(?i:pasal)\s+(\d{1,4}(?:[A-Z](?!\w))?)(?!\d)")
_PENJELASAN = re.compile(r"^\s*penjelasan\b", re.IGNORECASE)
_LAMPIRAN = re.compile(r"^\s*(?:penjelasan\s+(?:umum\s+)?)?lampiran\b", re.IGNORECASE)


def pasal_anchors(pinpoint: Optional[str]) -> list[str]:
    """The anchors of every pasal ``pinpoint`` names, in order, without repeats."""
    if not pinpoint or _LAMPIRAN.match(pinpoint):
        return []
    prefix = "penjelasan-" if _PENJELASAN.match(pinpoint) else ""
    anchors: list[str] = []
    for match in _PASAL.finditer(pinpoint):
        anchor = f"{prefix}pasal-{anchor_part(match.group(1))}"
        if anchor not in anchors:
            anchors.append(anchor)
    return anchors


def pasal_anchor(pinpoint: Optional[str]) -> Optional[str]:
    """The anchor of the first pasal ``pinpoint`` names, or None."""
    anchors = pasal_anchors(pinpoint)
    return anchors[0] if anchors else None
