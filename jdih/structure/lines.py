"""Turn the text of PDF pages into clean lines, each knowing its page.

PDF text of a regulation carries furniture that is not the regulation: page
numbers ("- 5 -", "-5-"), running heads ("PRESIDEN / REPUBLIK INDONESIA" on
every page of a statute, "2013, No.644" in the Berita Negara, a site name
such as "jdih.kpu.go.id"), the Cabinet Secretariat serial ("SK No 167440A")
and catchwords at the foot of a page ("Pasal 25 . . ."), which repeat the
first words of the next page. All of these are dropped here so that the
parser sees only the text. Words broken across lines are joined when text
is assembled (``join_lines``), not here, because the parser decides
structure line by line.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True, slots=True)
class Line:
    page: int
    text: str


_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u200b]+")

#: Lines that are page furniture wherever they stand near a page edge.
_FURNITURE = [
    re.compile(r"^-\s*\d{1,4}\s*-$"),                      # - 5 -  -5-
    re.compile(r"^\d{1,4}$"),                              # 5
    re.compile(r"^(halaman|hal\.?)\s*\d+(\s*(dari|/)\s*\d+)?$", re.I),
    re.compile(r"^\d+\s*/\s*\d+$"),                        # 5/40
    re.compile(r"^(\d+\s+)?\d{4},\s*No\.?\s*[\d.]*(\s*-?\s*\d+\s*-?)?$"),  # 2013, No.644 -2-
    re.compile(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.(go\.id|or\.id|com|id)(/\S*)?$", re.I),
    re.compile(r"^SK\s*No\.?\s*\d+\s*[A-Z]?$", re.I),      # Cabinet Secretariat serial
]
#: Furniture wherever it stands: a bare site name (a watermark or footer
#: that extraction may put mid-page) and the Cabinet Secretariat serial.
_ANYWHERE = re.compile(
    r"^((www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.go\.id|SK\s*No\.?\s*\d+\s*[A-Z]?)$", re.I
)
#: The President's letterhead heads every page of a statute; at the foot of
#: a page the same words (with or without comma) are the signer's title.
_TOP_ONLY = [
    re.compile(r"^PRES\s?I\s?DEN$"),
    re.compile(r"^REPUBL[I|]K\s+INDONESIA$"),
    re.compile(r"^PRES\s?I\s?DEN\s+REPUBL[I|]K\s+INDONESIA$"),
]
#: A catchword: the last line of a page announcing the next one.
_CATCHWORD = re.compile(r"(\.\s?){3}$|…$")
#: Lines that are structure, never furniture even if they repeat.
_STRUCTURAL = re.compile(
    r"^(Pasal|BAB|Bagian|Paragraf|Cukup jelas|Ayat|Huruf|Angka)\b", re.I
)
#: A list marker alone on its line belongs to the next line.
_BARE_MARKER = re.compile(r"^(\(?\d{1,3}[a-z]?\)|\d{1,3}\.|[a-z]\.|[a-z]\))$")
#: An item marker stranded at the end of the previous item's last line.
_STRAY_MARKER = re.compile(r"[.;]\s+([a-z]\.|\d{1,3}\.)$")
_EDGE = 3  # how many lines at the top and at the foot of a page may be furniture


def normalise(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _is_furniture(text: str, *, top: bool = False) -> bool:
    patterns = _FURNITURE + _TOP_ONLY if top else _FURNITURE
    return any(pattern.match(text) for pattern in patterns)


def _shape(text: str) -> str:
    """A line with its digits blurred, to spot heads that repeat with a page number."""
    return re.sub(r"\d+", "#", text.lower())


def _repeated_heads(pages: Sequence[list[str]]) -> set[str]:
    """Shapes of lines standing at a page edge on at least half of 3+ pages."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        # Heads and footers are labels, not sentences: they do not end in
        # punctuation, which keeps "Cukup jelas." or "Dihapus." safe.
        edges = {
            _shape(t) for t in lines[:_EDGE] + lines[-_EDGE:]
            if not _STRUCTURAL.match(t) and not t.endswith((".", ";", ":", ","))
        }
        seen.update(edges)
    return {shape for shape, count in seen.items() if count >= max(3, len(pages) / 2)}


def _strip_edges(lines: list[str], repeated: set[str], last_page: bool) -> list[str]:
    """Drop furniture from the top and the foot of one page's lines."""
    start = 0
    while start < min(len(lines), _EDGE + 1) and (
        _is_furniture(lines[start], top=True) or _shape(lines[start]) in repeated
    ):
        start += 1
    end = len(lines)
    while end > start and end > len(lines) - _EDGE - 1 and (
        _is_furniture(lines[end - 1]) or _shape(lines[end - 1]) in repeated
    ):
        end -= 1
    kept = [t for t in lines[start:end] if not _ANYWHERE.match(t)]
    if kept and not last_page and _CATCHWORD.search(kept[-1]) and len(kept[-1]) < 80:
        kept = kept[:-1]
    return [t for i, t in enumerate(kept) if not (i < _EDGE and _announces(t, kept[i + 1:i + 2]))]


def _announces(text: str, following: list[str]) -> bool:
    """A catchword set at the top of the next page, just before the words it repeats."""
    if not following or not _CATCHWORD.search(text):
        return False
    words = _CATCHWORD.sub("", text).strip()
    return bool(words) and following[0].startswith(words)


def _merge_bare_markers(lines: list[Line]) -> list[Line]:
    """"a." or "(1)" alone on a line is joined with the line after it; a lone
    ":" (a label's colon set in its own column) is dropped."""
    merged: list[Line] = []
    pending: Line | None = None
    for line in lines:
        if line.text == ":":
            continue
        stray = _STRAY_MARKER.search(line.text)
        if stray and pending is None:
            # "... perlu dilakukan perubahan. b." / "bahwa ...": the marker
            # of the next item was set at the end of this line.
            merged.append(Line(line.page, line.text[: stray.start(1)].rstrip()))
            pending = Line(line.page, stray.group(1))
            continue
        if pending is not None:
            line = Line(pending.page, f"{pending.text} {line.text}")
            pending = None
        if _BARE_MARKER.match(line.text):
            pending = line
            continue
        merged.append(line)
    if pending is not None:
        merged.append(pending)
    return merged


def clean_pages(pages: Iterable[tuple[int, str]]) -> list[Line]:
    """The lines of all pages, without page furniture, in reading order."""
    numbered = [(number, [normalise(t) for t in text.splitlines()]) for number, text in pages]
    numbered = [(number, [t for t in lines if t]) for number, lines in numbered]
    repeated = _repeated_heads([lines for _, lines in numbered])
    result: list[Line] = []
    for index, (number, lines) in enumerate(numbered):
        last = index == len(numbered) - 1
        result.extend(Line(number, t) for t in _strip_edges(lines, repeated, last))
    return _merge_bare_markers(result)


_HYPHENATED = re.compile(r"(\w+)-$")


def join_lines(texts: Iterable[str]) -> str:
    """Join wrapped lines into one paragraph, mending words broken by a hyphen.

    "diun-" + "dangkan" is one word; "Undang-" + "Undang" and "perundang-" +
    "undangan" keep their hyphen (a reduplication), as does any break before
    a capital.
    """
    out = ""
    for text in texts:
        if not out:
            out = text
            continue
        broken = _HYPHENATED.search(out)
        if broken and text[:1].islower() and not _reduplicated(broken.group(1), text):
            out = out[:-1] + text
        elif broken:
            out = out + text
        else:
            out = f"{out} {text}"
    return out


def _reduplicated(before: str, after: str) -> bool:
    head = re.match(r"\w+", after)
    if not head:
        return False
    word = head.group(0).lower()
    return len(word) >= 3 and word[:4] in before.lower()
