"""Which PDF pages have no usable text layer and need OCR (pure functions).

A scan has no text at all, or a few stray characters (a stamp's number,
a page footer added by a scanner); a badly embedded font yields text made
of control characters and private-use glyphs. Both are measured: the
visible characters on the page, and the share of them that are ordinary
printable text.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

#: Categories of characters that are not readable text (controls,
#: private-use, unassigned, surrogates, format).
_UNREADABLE = {"Cc", "Co", "Cn", "Cs", "Cf"}


@dataclass(frozen=True)
class Thresholds:
    #: Fewer visible characters than this on a page: no usable text layer.
    min_chars: int = 40
    #: A smaller share of printable characters among them: garbage text.
    min_printable: float = 0.85


def measure(text: str) -> tuple[int, float]:
    """(visible characters, share of them that are printable text)."""
    visible = [char for char in text or "" if not char.isspace()]
    if not visible:
        return 0, 0.0
    printable = sum(1 for char in visible if unicodedata.category(char) not in _UNREADABLE
                    and char != "\ufffd")
    return len(visible), printable / len(visible)


def needs_ocr(text: str, thresholds: Thresholds = Thresholds()) -> bool:
    chars, printable = measure(text)
    return chars < thresholds.min_chars or printable < thresholds.min_printable


def pages_needing_ocr(pages: list[tuple[int, str]], thresholds: Thresholds = Thresholds()) -> list[int]:
    """The numbers of the pages (page_no, text) without a usable text layer."""
    return [page_no for page_no, text in pages if needs_ocr(text, thresholds)]
