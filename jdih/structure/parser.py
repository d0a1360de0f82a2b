"""Parse a regulation's pages into a ``Document``.

The lines are first cut into sections in the order the drafting rules set:
title block, Menimbang, Mengingat (Memperhatikan), the decision
(MEMUTUSKAN / Menetapkan), the body, the signature block (Ditetapkan /
Disahkan, Diundangkan), then Penjelasan and Lampiran in either order. Each
section is then read by its own small reader; the body by ``body.Builder``.
An excerpt may lack any section: a text that starts with "BAB I" or
"Pasal 1" is all body.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from jdih.structure import amendments, body
from jdih.structure import headings as h
from jdih.structure.lines import Line, clean_pages, join_lines
from jdih.structure.tree import Document, Node

_TITLE = re.compile(
    r"^(?P<jenis>.+?)\s+NOMOR\s*:?\s*(?P<nomor>[\w./-]+?)(\s+TAHUN\s+(?P<tahun>\d{4})|/(?P<year>\d{4}))"
    r"(\s+T\s?E\s?N\s?T\s?A\s?N\s?G\s+(?P<tentang>.+?))?(\s+DENGAN\s+RAHMAT\b.*)?$",
)
_JENIS_START = re.compile(
    r"^(UNDANG-UNDANG|PERATURAN|QANUN|KEPUTUSAN|INSTRUKSI|KETETAPAN)\b"
)
_CERTIFIED = re.compile(r"^Salinan\s+sesuai\s+dengan\s+aslinya", re.I)
_SIGN_OFF = re.compile(r"^(ttd\.?|TTD\.?|SALINAN( sesuai dengan aslinya)?.*)$", re.I)


def parse(pages: Sequence[tuple[int, str]] | Sequence[str]) -> Document:
    """The tree of a regulation given page by page, as (page_no, text) or texts."""
    numbered = [(i + 1, p) if isinstance(p, str) else (int(p[0]), p[1]) for i, p in enumerate(pages)]
    return parse_lines(clean_pages(numbered))


def parse_text(text: str) -> Document:
    """The tree of a regulation whose pages are separated by form feeds."""
    return parse(text.split("\f"))


def parse_lines(lines: list[Line]) -> Document:
    sections = _sections(lines)
    document = Document()
    _read_title(document, sections.get("judul", []))
    for kind in ("menimbang", "mengingat", "memperhatikan"):
        if kind in sections:
            document.parts.append(_read_list(kind, sections[kind]))
    if "menetapkan" in sections:
        document.parts.append(_plain("menetapkan", sections["menetapkan"]))
    root = Node(kind="batang_tubuh")
    body.build(sections.get("body", []), root, on_amendment=amendments.handle)
    document.parts.extend(root.children)
    document.parts.extend(_read_closing(sections.get("closing", [])))
    if "penjelasan" in sections:
        document.parts.append(_read_penjelasan(sections["penjelasan"], document))
    document.parts.extend(_read_lampiran(sections.get("lampiran", [])))
    _unique_anchors(document)
    return document


# -- sections ------------------------------------------------------------------

_AFTER_BODY = {"closing", "penjelasan", "lampiran"}


def _sections(lines: list[Line]) -> dict[str, list[Line]]:
    sections: dict[str, list[Line]] = {}
    state = "judul"
    for line in lines:
        state = _next_state(state, line.text, opening=not sections)
        if state in ("menimbang", "mengingat", "memperhatikan", "menetapkan"):
            text = _strip_label(state, line.text)
            if text is None:
                sections.setdefault(state, [])
                continue
            line = Line(line.page, text)
        sections.setdefault(state, []).append(line)
    _tail_of_mengingat(sections)
    return sections


def _tail_of_mengingat(sections: dict[str, list[Line]]) -> None:
    """An excerpt that opens inside Mengingat ("8. Peraturan Daerah ...",
    then "MEMUTUSKAN") has numbered lines and no title before the decision."""
    opening = sections.get("judul", [])
    if not opening or "menimbang" in sections or "mengingat" in sections:
        return
    if any(_JENIS_START.match(line.text) for line in opening):
        return
    if h.ANGKA.match(opening[0].text) and ("memutuskan" in sections or "menetapkan" in sections):
        sections["mengingat"] = sections.pop("judul")


def _next_state(state: str, text: str, *, opening: bool = False) -> str:
    if state in ("judul", "menimbang", "mengingat", "memperhatikan", "memutuskan", "menetapkan"):
        for name, pattern in (("menimbang", h.MENIMBANG), ("mengingat", h.MENGINGAT),
                              ("memperhatikan", h.MEMPERHATIKAN), ("menetapkan", h.MENETAPKAN)):
            if pattern.match(text) and _order(name) > _order(state):
                return name
        if h.MEMUTUSKAN.match(text):
            return "memutuskan"
    if state in ("judul", "menetapkan", "memutuskan", "mengingat", "memperhatikan") and (
        h.BAB.match(text) or h.PASAL.match(text) or (opening and (h.BAGIAN.match(text) or h.PARAGRAF.match(text)))
    ):
        return "body" if state != "judul" or opening or _looks_like_body(text) else state
    if state not in _AFTER_BODY and state != "judul" and (h.SIGNED.match(text) or h.PROMULGATED.match(text)):
        return "closing"
    if state != "penjelasan" and h.PENJELASAN.match(text):
        return "penjelasan"
    if state in _AFTER_BODY | {"body"} and h.LAMPIRAN.match(text) and text.isupper():
        return "lampiran"
    return state


def _order(state: str) -> int:
    return ["judul", "menimbang", "mengingat", "memperhatikan", "memutuskan", "menetapkan"].index(state)


def _looks_like_body(text: str) -> bool:
    """An excerpt without preamble starts with "BAB I" or "Pasal 1" (or with
    any BAB or pasal when it is the very first line, see ``opening``)."""
    match = h.BAB.match(text) or h.PASAL.match(text)
    return bool(match) and match.group(1) in ("I", "1")


def _strip_label(state: str, text: str) -> str | None:
    pattern = {"menimbang": h.MENIMBANG, "mengingat": h.MENGINGAT,
               "memperhatikan": h.MEMPERHATIKAN, "menetapkan": h.MENETAPKAN}[state]
    match = pattern.match(text)
    if not match:
        return text
    rest = next((group for group in match.groups() if group), "")
    return rest.lstrip(": ") or None


# -- readers -------------------------------------------------------------------

def _read_title(document: Document, lines: list[Line]) -> None:
    texts = [line.text for line in lines]
    start = next((i for i, t in enumerate(texts) if _JENIS_START.match(t)), None)
    if start is None:
        return
    title = " ".join(_title_lines(texts[start:]))
    match = _TITLE.match(title)
    if not match:
        document.jenis = texts[start]
        return
    document.jenis = re.sub(r"\s+REPUBLIK\s+INDONESIA$", "", match.group("jenis")).strip()
    document.nomor = match.group("nomor")
    # A decision numbered "03/Kpts/KPU-Prov-010/2011" carries its year in the number.
    document.tahun = match.group("tahun") or match.group("year")
    if match.group("year"):
        document.nomor = f"{document.nomor}/{match.group('year')}"
    tentang = match.group("tentang") or ""
    document.tentang = tentang.strip()
    node = Node(kind="judul", anchor="judul", heading=document.tentang)
    for line in lines[start:]:
        node.add_line(line.page, line.text)
    document.parts.insert(0, node)


def _title_lines(texts: list[str]) -> list[str]:
    """The title without the enacting formula: "DENGAN RAHMAT ..." and the
    official ("PRESIDEN REPUBLIK INDONESIA,") that follow it."""
    for index, text in enumerate(texts):
        if text.upper().startswith("DENGAN RAHMAT"):
            return texts[:index]
    if len(texts) > 1 and texts[-1].endswith(",") and texts[-1].isupper():
        return texts[:-1]
    return texts


def _read_list(kind: str, lines: list[Line]) -> Node:
    node = Node(kind=kind, anchor=kind)
    body.build(lines, node)
    return node


def _plain(kind: str, lines: list[Line]) -> Node:
    node = Node(kind=kind, anchor=kind)
    for line in lines:
        node.add_line(line.page, line.text)
    return node


def _read_closing(lines: list[Line]) -> list[Node]:
    """The signature block: who signed where and when, and who promulgated it."""
    blocks: list[Node] = []
    for line in lines:
        if h.SIGNED.match(line.text) or h.PROMULGATED.match(line.text):
            kind = "pengundangan" if h.PROMULGATED.match(line.text) else "pengesahan"
            blocks.append(Node(kind=kind, anchor=kind))
        if blocks:
            blocks[-1].add_line(line.page, line.text)
    for block in blocks:
        block.meta = _signature_fields(block.lines)
    return blocks


def _signature_fields(texts: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    rest: list[str] = []
    for text in texts:
        if _CERTIFIED.match(text):
            break  # "Salinan sesuai dengan aslinya": the certifying official follows
        place = h.SIGNED.match(text) or h.PROMULGATED.match(text)
        if place:
            value = place.group(place.lastindex)
            date = re.search(r"\s+pada\s+tanggal\s+(.*)$", value, re.I)
            fields["tempat"] = value[: date.start()] if date else value
            if date:
                fields["tanggal"] = date.group(1)
        elif h.DATED.match(text) and "tanggal" not in fields:
            fields["tanggal"] = h.DATED.match(text).group(1)
        elif h.GAZETTE.match(text):
            fields["lembaran"] = text
        elif not _SIGN_OFF.match(text):
            rest.append(text)
    if rest:
        fields["nama"] = rest[-1]
        if len(rest) > 1:
            fields["jabatan"] = join_lines(rest[:-1]).rstrip(",")
    return fields


_ANGKA_HEADING = re.compile(r"^Angka\s+(\d+)$", re.I)


def _read_penjelasan(lines: list[Line], document: Document) -> Node:
    """Penjelasan: its title, the general part, and pasal by pasal, each
    linked to the pasal it explains. In an amending regulation's Penjelasan
    ("Pasal I", "Angka 1", "Pasal 5") the link goes to the quoted pasal."""
    node = Node(kind="penjelasan", anchor="penjelasan")
    anchors = {p.anchor for p in document.pasal(include_quoted=True)}
    current = node
    roman = angka = None
    seen: Counter[str] = Counter()
    for line in lines:
        text = line.text
        if h.UMUM.match(text):
            current = Node(kind="penjelasan_umum", anchor="penjelasan-umum", heading=text)
            current.pages.add(line.page)
            node.children.append(current)
            continue
        if h.PASAL_DEMI_PASAL.match(text):
            current = node
            continue
        match = h.PASAL.match(text) or h.PASAL_EXPLAINED.match(text)
        if match and not h.asks_for_more(current.lines[-1] if current.lines else None):
            label = match.group(1)
            if h.is_roman(label):
                roman, angka = label, None
            target = f"pasal-{h.anchor_part(label)}"
            if roman and angka and not h.is_roman(label):
                target = f"pasal-{h.anchor_part(roman)}-angka-{angka}-{target}"
            seen[target] += 1
            current = Node(kind="penjelasan_pasal", label=label, anchor=f"penjelasan-{target}")
            current.pages.add(line.page)
            if target in anchors and seen[target] == 1:
                current.refers_to = target
                pasal = document.find(target)
                if pasal is not None:
                    pasal.explained_by = current.anchor
            if match.re is h.PASAL_EXPLAINED:
                current.add_line(line.page, match.group(2))
            node.children.append(current)
            continue
        if h.GAZETTE.match(text) and text.isupper():
            node.meta["tambahan"] = text  # "TAMBAHAN LEMBARAN NEGARA ... NOMOR 6109"
            current = node
            continue
        angka_heading = _ANGKA_HEADING.match(text)
        if angka_heading and roman:
            angka = angka_heading.group(1)
        current.add_line(line.page, text)
    return node


def _read_lampiran(lines: list[Line]) -> list[Node]:
    parts: list[Node] = []
    for line in lines:
        match = h.LAMPIRAN.match(line.text)
        if match and line.text.isupper() and (not parts or match.group(2)):
            label = match.group(2) or ""
            anchor = f"lampiran-{label.lower()}" if label else "lampiran"
            parts.append(Node(kind="lampiran", label=label, anchor=anchor))
        parts[-1].add_line(line.page, line.text)
    return parts


def _unique_anchors(document: Document) -> None:
    seen: Counter[str] = Counter()
    for node in document.walk():
        seen[node.anchor] += 1
        if seen[node.anchor] > 1:
            node.anchor = f"{node.anchor}-{seen[node.anchor]}"


def pasal_labels(document: Document, *, include_quoted: bool = False) -> list[str]:
    """The labels of the pasal in order (what the accuracy test compares)."""
    return [node.label for node in document.pasal(include_quoted=include_quoted)]


__all__ = ["parse", "parse_text", "parse_lines", "pasal_labels"]

