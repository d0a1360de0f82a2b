"""Relations a regulation's parsed structure states, for staff to confirm.

Two parts of the structure name other regulations in a fixed form:

- each Mengingat item cites a regulation the document rests on ("dasar
  hukum"): the first citation of the item, read by the citation parser
  (later ones are titles: "tentang Perubahan atas ...");
- an amending regulation's Pasal I names the regulation it amends (in its
  opening words, else in the title "Perubahan atas ..." or the Menetapkan)
  and lists the changes, each naming the pasal it changes ("Ketentuan
  Pasal 10 diubah", "... disisipkan 1 (satu) pasal, yakni Pasal 10A",
  "Pasal 12 dihapus"): one "mengubah" with those pasal.

``found_in`` reads them from a tree when it is parsed (reading.operations
stores them with the tree); ``for_document`` shows staff those that are
not recorded yet and pass the relation rules. Nothing is ever recorded
without a staff click.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterator, Optional

from jdih.catalogue.models import Document

MENGINGAT = "mengingat"
MENGUBAH = "mengubah"
SNIPPET_CHARS = 160
#: "Pasal 1 ayat (3) huruf b", "pasal 10A", "Pasal 5 angka 2"
_PASAL_REF = re.compile(
    r"\b[Pp]asal\s+(\d{1,4}[A-Z]?)(?!\w)((?:\s+ayat\s+\(\w{1,4}\))?(?:\s+huruf\s+[a-z](?!\w))?"
    r"(?:\s+angka\s+\d+)?)")
#: The instruction ends where the new text is announced.
_ANNOUNCED = re.compile(r"\b(?:sehingga|berbunyi|sebagai\s+berikut)\b", re.I)
_YAKNI = re.compile(r"\b(?:yakni|yaitu)\b", re.I)
_INSERTED = re.compile(r"\bdisisipkan\b", re.I)
_AMENDS = re.compile(r"\bperubahan\b", re.I)

Identify = Callable[[Any], Optional[str]]


def _walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("children", ()):
        yield from _walk(child)


def _text(node: dict[str, Any]) -> str:
    return " ".join(n.get("text", "") for n in _walk(node) if n.get("text"))


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"


def _first_identity(text: str, identify: Identify) -> Optional[str]:
    from jdih.citations import extract

    for citation in extract(text):
        identity = identify(citation)
        if identity:
            return identity
    return None


def _parts(tree: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [part for part in tree.get("parts", ()) if part["kind"] == kind]


# -- Mengingat ------------------------------------------------------------------

def mengingat(tree: dict[str, Any], identify: Identify) -> list[dict[str, str]]:
    found = []
    for part in _parts(tree, "mengingat"):
        items = [c for c in part.get("children", ()) if c["kind"] in ("angka", "huruf")] or [part]
        for item in items:
            text = _text(item)
            identity = _first_identity(text, identify)
            if identity:
                where = f"Mengingat {item['kind']} {item['label']}" if item is not part else "Mengingat"
                found.append({"kind": MENGINGAT, "identity": identity, "pasal": "", "where": where,
                              "snippet": _snippet(text)})
    return found


# -- Pasal I --------------------------------------------------------------------

def changed_pasal(item: dict[str, Any]) -> list[str]:
    """The pasal one change item names: "Pasal 10", "Pasal 10A" (inserted,
    after "yakni"), "Pasal 1 ayat (3) huruf b"; else the quoted pasal."""
    instruction = item.get("text", "")
    announced = _ANNOUNCED.search(instruction)
    instruction = instruction[:announced.start()] if announced else instruction
    named = _YAKNI.split(instruction, maxsplit=1)
    if len(named) == 2 and _PASAL_REF.search(named[1]):
        instruction = named[1]
    elif _INSERTED.search(instruction) and not _PASAL_REF.search(instruction.split("disisipkan")[-1]):
        instruction = ""  # "Di antara Pasal 10 dan Pasal 11 disisipkan ...": neither is changed
    refs = [" ".join(f"Pasal {m.group(1)} {m.group(2)}".split()) for m in _PASAL_REF.finditer(instruction)]
    if not refs:
        refs = [f"Pasal {c['label']}" for c in item.get("children", ()) if c["kind"] == "pasal"]
    return list(dict.fromkeys(refs))


def _amending_pasal(tree: dict[str, Any]) -> Optional[dict[str, Any]]:
    """The body's Pasal I with change items, if the document amends."""
    for part in tree.get("parts", ()):
        for node in _walk(part):
            if node["kind"] == "pasal" and not node.get("quoted") and node.get("label") == "I" \
                    and any(c["kind"] == "perubahan" for c in node.get("children", ())):
                return node
    return None


def _amended(tree: dict[str, Any], pasal_i: dict[str, Any], identify: Identify) -> Optional[str]:
    """The regulation amended: named in Pasal I's opening words, the title
    ("Perubahan atas ...") or the Menetapkan."""
    texts = [pasal_i.get("text", "")]
    for kind in ("judul", "menetapkan"):
        for part in _parts(tree, kind):
            text = " ".join(filter(None, (part.get("heading", ""), part.get("text", ""))))
            match = _AMENDS.search(text)
            if match:
                texts.append(text[match.end():])
    for text in texts:
        identity = _first_identity(text, identify)
        if identity:
            return identity
    return None


def amendment(tree: dict[str, Any], identify: Identify) -> list[dict[str, str]]:
    pasal_i = _amending_pasal(tree)
    if pasal_i is None:
        return []
    identity = _amended(tree, pasal_i, identify)
    if not identity:
        return []
    items = [c for c in pasal_i["children"] if c["kind"] == "perubahan"]
    pasal = list(dict.fromkeys(ref for item in items for ref in changed_pasal(item)))
    return [{"kind": MENGUBAH, "identity": identity, "pasal": ", ".join(pasal), "where": "Pasal I",
             "snippet": _snippet(pasal_i.get("text", ""))}]


def found_in(tree: Optional[dict[str, Any]], identify: Identify, own_identity: Optional[str] = None
             ) -> list[dict[str, str]]:
    """The relations a tree states, as plain data to store with it."""
    if not tree:
        return []
    found, seen = [], set()
    for suggestion in amendment(tree, identify) + mengingat(tree, identify):
        key = (suggestion["kind"], suggestion["identity"])
        if key not in seen and suggestion["identity"] != own_identity:
            seen.add(key)
            found.append(suggestion)
    return found


# -- in the app -------------------------------------------------------------------

def identify_with_catalogue() -> Identify:
    """Citation -> identity with the catalogue's jenis vocabulary."""
    from jdih.citations.identities import citation_identity
    from jdih.relations.queries import jenis_index

    index = jenis_index()
    return lambda citation: citation_identity(citation, index)


def for_document(doc: Document, stored: Optional[list[dict[str, str]]]) -> list[Any]:
    """Stored suggestions not recorded yet that the relation rules accept,
    as the relations area's ``Suggestion`` (added from this document)."""
    from jdih.relations import operations
    from jdih.relations.suggestions import Suggestion

    shown = []
    for item in stored or ():
        if not doc.identity:
            break
        source, target = operations.End.of(doc), operations.End.by_identity(item["identity"])
        try:
            operations.check(item["kind"], source, target)
        except operations.RelationError:
            continue  # recorded already, or refused by a rule
        shown.append(Suggestion(item["kind"], source.label, target.label, doc.id, item["kind"],
                                item["identity"], item["where"], item["snippet"], item.get("pasal", "")))
    return shown
