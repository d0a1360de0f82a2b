"""What the reading view shows: the tree, its table of contents, each
pasal's Penjelasan and the relation facts that concern it.

Everything here is read for a reader who may read the document (the
caller checks ``can_read``); relation facts come through the relations
area's reader-filtered ``all_facts``, so a document the reader may not
read is never named beside a pasal.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from jdih.catalogue.models import Attachment, Document
from jdih.reading.operations import shown_tree
from jdih.relations import queries as relation_queries
from jdih.relations.status import Fact
from jdih.structure import pasal_anchors

#: Parts before the body, shown folded under one summary.
OPENING = ("menimbang", "mengingat", "memperhatikan", "menetapkan")
#: Containers listed in the table of contents.
CONTAINERS = ("bab", "bagian", "paragraf")


@dataclass
class TocEntry:
    anchor: str
    title: str
    children: list["TocEntry"] = field(default_factory=list)


@dataclass
class PasalNote:
    """One relation fact beside the pasal it concerns."""

    fact: Fact

    @property
    def text(self) -> str:
        result = f": {self.fact.result_label}" if self.fact.result_label else ""
        return f"Pasal ini {self.fact.label} {self.fact.other.label}{result}"


@dataclass
class ReadingView:
    tree: dict[str, Any]
    attachment: Attachment
    toc: list[TocEntry]
    #: anchor of a pasal -> the text of its Penjelasan.
    penjelasan: dict[str, str]
    #: anchor of a pasal -> the relation facts naming it.
    notes: dict[str, list[PasalNote]]

    def parts(self, group: str) -> list[dict[str, Any]]:
        """The top-level parts of one group: opening, body, closing, penjelasan, lampiran."""
        return [part for part in self.tree.get("parts", []) if _group(part["kind"]) == group]


def _group(kind: str) -> str:
    if kind in OPENING:
        return "opening"
    if kind in ("pengesahan", "pengundangan"):
        return "closing"
    if kind in ("penjelasan", "lampiran", "judul"):
        return kind
    return "body"


def walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("children", ()):
        yield from walk(child)


def title_of(node: dict[str, Any]) -> str:
    kind, label = node["kind"], node.get("label", "")
    name = "BAB" if kind == "bab" else kind.capitalize()
    title = f"{name} {label}".strip()
    return f"{title} {node['heading']}" if node.get("heading") else title


def table_of_contents(parts: list[dict[str, Any]]) -> list[TocEntry]:
    """BAB (Bagian, Paragraf) -> Pasal, as nested entries; quoted pasal of an
    amendment stay under their amendment item and are not listed."""
    entries: list[TocEntry] = []
    for part in parts:
        entries.extend(_entries(part))
    return entries


def _entries(node: dict[str, Any]) -> list[TocEntry]:
    if node["kind"] == "pasal" and not node.get("quoted"):
        return [TocEntry(node["anchor"], title_of(node))]
    if node["kind"] in CONTAINERS:
        entry = TocEntry(node["anchor"], title_of(node))
        for child in node.get("children", ()):
            entry.children.extend(_entries(child))
        return [entry]
    if node["kind"] == "pasal":
        return []
    return [entry for child in node.get("children", ()) for entry in _entries(child)]


def penjelasan_by_pasal(tree: dict[str, Any]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for part in tree.get("parts", []):
        for node in walk(part):
            if node["kind"] == "penjelasan_pasal" and node.get("refers_to"):
                texts[node["refers_to"]] = _full_text(node)
    return texts


def _full_text(node: dict[str, Any]) -> str:
    lines = [node.get("text", "")] + [_full_text(child) for child in node.get("children", ())]
    return "\n".join(line for line in lines if line)


def notes_by_pasal(doc: Document, anchors: set[str]) -> dict[str, list[PasalNote]]:
    """Relations acting on this document that name its pasal ("diuji dengan
    MK 90/PUU-XXI/2023", pasal "Pasal 169 huruf q") under each pasal named."""
    notes: dict[str, list[PasalNote]] = defaultdict(list)
    for fact in relation_queries.all_facts(doc):
        if not fact.incoming or not fact.pasal or fact.other.hidden:
            continue
        for anchor in pasal_anchors(fact.pasal):
            if anchor in anchors:
                notes[anchor].append(PasalNote(fact))
    return dict(notes)


def reading_view(doc: Document) -> Optional[ReadingView]:
    """The reading view of ``doc``, or None when it has no structure to show."""
    shown = shown_tree(doc)
    if shown is None:
        return None
    tree, attachment = shown
    body = [part for part in tree.get("parts", []) if _group(part["kind"]) == "body"]
    anchors = {node["anchor"] for part in body for node in walk(part) if node["kind"] == "pasal"}
    return ReadingView(tree=tree, attachment=attachment, toc=table_of_contents(body),
                       penjelasan=penjelasan_by_pasal(tree), notes=notes_by_pasal(doc, anchors))
