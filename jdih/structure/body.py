"""Build the body of a regulation (BAB down to angka) from its lines.

A stack holds the open parts, outermost first. A heading closes every
open part at its level or below; a list item ("(2)", "b.", "3.") finds its
parent by walking the stack from the innermost part outwards, looking for
the series it continues (or, for "(1)", "a." and "1.", a part that may
start one). A line that opens nothing continues the innermost part's text,
or the heading of a BAB, Bagian or Paragraf that has no content yet.
"""
from __future__ import annotations

from typing import Callable

from jdih.structure import headings as h
from jdih.structure.lines import Line
from jdih.structure.tree import Node

LEVELS = {"bab": 1, "bagian": 2, "paragraf": 3, "pasal": 4, "ayat": 5, "huruf": 6, "angka": 7, "butir": 8}
#: Which kinds of part may hold a series of each kind of item.
PARENTS = {
    "ayat": {"pasal"},
    "huruf": {"pasal", "ayat", "angka", "menimbang", "mengingat", "memperhatikan", "perubahan"},
    "angka": {"pasal", "ayat", "huruf", "menimbang", "mengingat", "memperhatikan"},
    "butir": {"huruf", "angka"},
}
SERIES_START = {"ayat": "1", "huruf": "a", "angka": "1", "butir": ("1", "a")}

#: Called for a roman "Pasal I" of an amending regulation with its lines.
AmendmentHandler = Callable[[Node, list[Line]], None]


class Builder:
    """Feed it lines; it grows the parts under ``root``."""

    def __init__(self, root: Node, *, prefix: str = "", quoted: bool = False,
                 on_amendment: AmendmentHandler | None = None):
        self.root = root
        self.prefix = prefix
        self.quoted = quoted
        self.stack: list[Node] = [root]
        self.previous: str | None = None
        self.last_pasal: str | None = None
        self.on_amendment = on_amendment
        self.roman: Node | None = None
        self.roman_lines: list[Line] = []

    # -- feeding -------------------------------------------------------------

    def feed(self, line: Line) -> None:
        text = line.text
        if self.roman is not None:
            match = h.PASAL.match(text)
            if match and h.is_roman(match.group(1)):
                self._flush_roman()
            else:
                self.roman_lines.append(line)
                return
        if not self._heading(line) and not self._item(line):
            self._continue(line)
        self.previous = text

    def finish(self) -> None:
        if self.roman is not None:
            self._flush_roman()

    # -- headings ------------------------------------------------------------

    def _heading(self, line: Line) -> bool:
        text = line.text
        match = h.BAB.match(text)
        if match and not h.asks_for_more(self.previous):
            node = self._open("bab", match.group(1), line, f"{self.prefix}bab-{h.anchor_part(match.group(1))}")
            if match.group(2):
                node.heading = match.group(2)
            return True
        for kind, pattern in (("bagian", h.BAGIAN), ("paragraf", h.PARAGRAF)):
            match = pattern.match(text)
            if match and not h.asks_for_more(self.previous):
                parent = self._parent_for(LEVELS[kind])
                part = f"{kind}-{h.anchor_part(match.group(1))}"
                self._open(kind, match.group(1), line, f"{parent.anchor}-{part}" if parent.anchor else part)
                return True
        match = h.PASAL.match(text)
        if match and self._accepts_pasal(match.group(1)):
            label = match.group(1)
            node = self._open("pasal", label, line, f"{self.prefix}pasal-{h.anchor_part(label)}")
            self.last_pasal = label
            if h.is_roman(label) and not self.quoted and self.on_amendment:
                self.roman, self.roman_lines = node, []
            return True
        return False

    def _accepts_pasal(self, label: str) -> bool:
        if not h.asks_for_more(self.previous):
            return True
        # A wrapped reference ("... dimaksud dalam" / "Pasal 5") is text unless
        # it is exactly the pasal that comes next.
        return self.last_pasal is not None and h.follows(self.last_pasal, label)

    def _open(self, kind: str, label: str, line: Line, anchor: str) -> Node:
        parent = self._parent_for(LEVELS[kind])
        node = Node(kind=kind, label=label, anchor=anchor, quoted=self.quoted)
        node.pages.add(line.page)
        parent.children.append(node)
        self.stack.append(node)
        return node

    def _parent_for(self, level: int) -> Node:
        while len(self.stack) > 1 and LEVELS.get(self.stack[-1].kind, 0) >= level:
            self.stack.pop()
        return self.stack[-1]

    # -- list items ----------------------------------------------------------

    def _item(self, line: Line) -> bool:
        marker = h.list_marker(line.text)
        if marker is None or self._wrapped_reference(marker):
            return False
        for depth in range(len(self.stack) - 1, -1, -1):
            node = self.stack[depth]
            if node.kind not in PARENTS[marker.kind]:
                continue
            last = _last_of(node, marker.kind)
            starts = marker.label in SERIES_START[marker.kind]
            # An excerpt may open in the middle of a list ("8. Peraturan ...").
            starts = starts or (self.previous is None and node is self.root and not node.lines)
            if (last and self._continues(last.label, marker.label)) or (last is None and starts):
                del self.stack[depth + 1:]
                child = Node(kind=marker.kind, label=marker.label, quoted=self.quoted,
                             anchor=f"{node.anchor}-{marker.kind}-{h.anchor_part(marker.label)}")
                child.pages.add(line.page)
                node.children.append(child)
                self.stack.append(child)
                # "(2) a. Nama jabatan ...": the item opens with its first sub-item.
                rest = Line(line.page, marker.rest)
                if marker.rest and not self._item(rest):
                    child.add_line(line.page, marker.rest)
                return True
        return False

    def _continues(self, last: str, label: str) -> bool:
        """``label`` follows ``last``, or skips one number after a finished
        item: sources do miss an item ("10. ..." then "12. ...")."""
        if h.follows(last, label):
            return True
        finished = (self.previous or "").endswith((".", ";"))
        return finished and label.isdigit() and label == h.next_label(h.next_label(last))

    def _wrapped_reference(self, marker: h.Marker) -> bool:
        """"... dimaksud pada ayat" / "(2) ..." is a reference, not ayat (2)."""
        previous = (self.previous or "").rstrip()
        if marker.kind == "ayat":
            return previous.endswith(("ayat", ",", " dan", " atau")) and not previous.endswith(("; dan", "; atau"))
        return previous.lower().endswith(("huruf", "angka", "pasal"))

    # -- plain text ----------------------------------------------------------

    def _continue(self, line: Line) -> None:
        top = self.stack[-1]
        if top.kind in ("bab", "bagian", "paragraf") and not top.children:
            top.heading = f"{top.heading} {line.text}".strip()
            top.pages.add(line.page)
        else:
            top.add_line(line.page, line.text)

    # -- amendments ----------------------------------------------------------

    def _flush_roman(self) -> None:
        node, lines = self.roman, self.roman_lines
        self.roman, self.roman_lines = None, []
        assert node is not None and self.on_amendment is not None
        self.on_amendment(node, lines)


def _last_of(node: Node, kind: str) -> Node | None:
    for child in reversed(node.children):
        if child.kind == kind:
            return child
    return None


def build(lines: list[Line], root: Node, *, prefix: str = "", quoted: bool = False,
          on_amendment: AmendmentHandler | None = None) -> Node:
    builder = Builder(root, prefix=prefix, quoted=quoted, on_amendment=on_amendment)
    for line in lines:
        builder.feed(line)
    builder.finish()
    return root
