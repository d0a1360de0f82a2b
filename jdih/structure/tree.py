"""The tree of a regulation: nodes with a kind, a label, text and pages."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from jdih.structure.lines import join_lines

#: Kinds, from the outside in. ``pasal`` nodes under a ``perubahan`` (an
#: amendment item) quote the amended regulation and have ``quoted`` set.
KINDS = (
    "judul", "menimbang", "mengingat", "memperhatikan", "menetapkan",
    "bab", "bagian", "paragraf", "pasal", "ayat", "huruf", "angka", "butir",
    "perubahan", "pengesahan", "pengundangan",
    "penjelasan", "penjelasan_umum", "penjelasan_pasal", "lampiran",
)


@dataclass
class Node:
    kind: str
    label: str = ""
    heading: str = ""
    anchor: str = ""
    lines: list[str] = field(default_factory=list, repr=False)
    pages: set[int] = field(default_factory=set, repr=False)
    children: list["Node"] = field(default_factory=list)
    quoted: bool = False
    refers_to: str | None = None  # penjelasan pasal -> anchor of the pasal it explains
    explained_by: str | None = None  # pasal -> anchor of its penjelasan
    meta: dict[str, str] = field(default_factory=dict)  # signature: tempat, tanggal, jabatan, nama

    @property
    def text(self) -> str:
        return join_lines(self.lines)

    def add_line(self, page: int, text: str) -> None:
        self.lines.append(text)
        self.pages.add(page)

    def walk(self) -> Iterator["Node"]:
        yield self
        for child in self.children:
            yield from child.walk()

    def all_pages(self) -> list[int]:
        pages: set[int] = set()
        for node in self.walk():
            pages |= node.pages
        return sorted(pages)

    def full_text(self) -> str:
        """The text of the node and of everything under it, item markers included."""
        parts = [self.text] if self.text else []
        for child in self.children:
            marker = _marker(child)
            body = child.full_text()
            parts.append(f"{marker} {body}".strip() if marker else body)
        return "\n".join(p for p in parts if p)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "label": self.label,
            "anchor": self.anchor,
            "heading": self.heading,
            "text": self.text,
            "pages": self.all_pages(),
        }
        if self.quoted:
            data["quoted"] = True
        if self.refers_to:
            data["refers_to"] = self.refers_to
        if self.explained_by:
            data["explained_by"] = self.explained_by
        if self.meta:
            data["meta"] = dict(self.meta)
        data["children"] = [child.to_dict() for child in self.children]
        return data


def _marker(node: Node) -> str:
    if node.kind == "ayat":
        return f"({node.label})"
    if node.kind in ("huruf", "angka"):
        return f"{node.label}."
    if node.kind == "butir":
        return f"{node.label})"
    if node.kind in ("pasal", "bab", "bagian", "paragraf"):
        title = f"{node.kind.capitalize() if node.kind != 'bab' else 'BAB'} {node.label}"
        return f"{title}\n{node.heading}".strip() if node.heading else title
    return ""


@dataclass
class Document:
    """A parsed regulation: its title block and its parts in order."""

    jenis: str = ""
    nomor: str = ""
    tahun: str = ""
    tentang: str = ""
    parts: list[Node] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        for part in self.parts:
            yield from part.walk()

    def find(self, anchor: str) -> Node | None:
        """The node with this anchor ("pasal-169-ayat-1"), or None."""
        for node in self.walk():
            if node.anchor == anchor:
                return node
        return None

    def pasal(self, *, include_quoted: bool = False) -> list[Node]:
        """The pasal of the body in order; quoted (amended) pasal only if asked."""
        return [
            node for node in self.walk()
            if node.kind == "pasal" and (include_quoted or not node.quoted)
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "jenis": self.jenis,
            "nomor": self.nomor,
            "tahun": self.tahun,
            "tentang": self.tentang,
            "parts": [part.to_dict() for part in self.parts],
        }
