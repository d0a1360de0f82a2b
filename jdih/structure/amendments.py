"""Amending regulations: "Pasal I" with its numbered changes, and "Pasal II".

An amending regulation has roman pasal. Pasal I lists the changes as
numbered items ("1. Ketentuan Pasal 5 diubah sehingga berbunyi sebagai
berikut:", "2. Di antara Pasal 10 dan Pasal 11 disisipkan 1 (satu) pasal,
yakni Pasal 10A sehingga berbunyi sebagai berikut:", "3. Pasal 12 dihapus.")
and after each instruction quotes the new text of the amended regulation.
The quoted pasal belong to the amended regulation, not to this one: they
are kept under their item (kind "perubahan") and marked ``quoted``.

An item is told from a numbered point of the quoted text by its number
(the next in the series of items) and by its words (an instruction:
diubah, disisipkan, ditambahkan, dihapus). A Pasal II (transition or entry
into force) with no such instruction is parsed like any pasal.
"""
from __future__ import annotations

import re

from jdih.structure import body
from jdih.structure import headings as h
from jdih.structure.lines import Line
from jdih.structure.tree import Node

INSTRUCTION = re.compile(
    r"\b(diubah|disisipkan|ditambah(kan)?|dihapus|dicabut|diganti)\b|"
    r"^(Ketentuan|Di antara|Setelah|Judul|Penjelasan|Lampiran|Pada\s+[Pp]asal)\b",
    re.I,
)
#: The instruction announces quoted text ("... sebagai berikut:").
QUOTES = re.compile(r"(berbunyi\s+)?sebagai\s+berikut\s*:?$", re.I)


def handle(pasal: Node, lines: list[Line]) -> None:
    """Fill roman ``pasal`` from its lines: intro text, change items, or plain content."""
    starts = _item_starts(lines)
    if not starts:
        single = _single_change(lines)
        if single is None:
            body.build(lines, pasal)
        else:
            _fill_items(pasal, lines, [single], numbered=False)
        return
    _fill_items(pasal, lines, starts, numbered=True)


def _item_starts(lines: list[Line]) -> list[int]:
    """Indexes of the lines opening change items 1, 2, 3, ... in order."""
    starts: list[int] = []
    expected = "1"
    for index, line in enumerate(lines):
        match = h.ANGKA.match(line.text)
        if not match or match.group(1) != expected:
            continue
        # The instruction's verb may come on the second or third line, but
        # not in the next item or heading.
        following = " ".join(_own_lines(lines[index + 1:index + 3]))
        if INSTRUCTION.search(match.group(2)) or INSTRUCTION.search(f"{match.group(2)} {following}"):
            starts.append(index)
            expected = h.next_label(expected)
    return starts


def _own_lines(lines: list[Line]) -> list[str]:
    """The lines that still continue an item: up to the next marker or heading."""
    texts: list[str] = []
    for line in lines:
        if h.list_marker(line.text) or h.PASAL.match(line.text) or h.BAB.match(line.text):
            break
        texts.append(line.text)
    return texts


def _single_change(lines: list[Line]) -> int | None:
    """A Pasal I making one change has no items: its instruction opens it."""
    cut = _quote_cut(lines)
    if cut is None:
        return None
    text = " ".join(line.text for line in lines[:cut])
    return 0 if INSTRUCTION.search(text) else None


def _quote_cut(lines: list[Line]) -> int | None:
    """How many lines the instruction takes, when it ends "sebagai berikut:"."""
    text = ""
    for index, line in enumerate(lines[:8]):
        text = f"{text} {line.text}"
        if QUOTES.search(text):
            return index + 1
    return None


def _fill_items(pasal: Node, lines: list[Line], starts: list[int], *, numbered: bool) -> None:
    for line in lines[: starts[0]]:
        pasal.add_line(line.page, line.text)
    bounds = starts[1:] + [len(lines)]
    for number, (start, end) in enumerate(zip(starts, bounds), start=1):
        label = str(number) if numbered else ""
        anchor = f"{pasal.anchor}-angka-{label}" if numbered else f"{pasal.anchor}-perubahan"
        item = Node(kind="perubahan", label=label, anchor=anchor)
        pasal.children.append(item)
        _fill_item(item, lines[start:end], numbered)


def _fill_item(item: Node, lines: list[Line], numbered: bool) -> None:
    """The instruction is the item's text; the quoted text becomes its children."""
    first = lines[0]
    text = h.ANGKA.match(first.text).group(2) if numbered else first.text
    instruction = [Line(first.page, text)] + lines[1:]
    cut = _quote_cut(instruction) or len(instruction)
    for line in instruction[:cut]:
        item.add_line(line.page, line.text)
    quoted = instruction[cut:]
    if quoted:
        body.build(quoted, item, prefix=f"{item.anchor}-", quoted=True)
