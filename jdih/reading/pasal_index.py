"""A stored tree's own pasal as flat entries, for pasal-level search.

Search names the pasal (and ayat) a hit matched; it needs each pasal's
number, anchor, PDF pages and text, not the whole tree. ``articles_of``
reads them for many documents at once, keeping the flattened entries of
recently read trees in memory (a tree is parsed from JSON once per parse,
not once per search). Only what a reader may be shown is read: a parse
that succeeded, of a naskah still attached (as ``shown_tree``); the
caller checks that the reader may read the document.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Optional

from sqlalchemy import or_, select

from jdih.catalogue.models import Attachment
from jdih.extensions import db
from jdih.reading.models import STATE_OK, DocumentStructure

#: Parts that are not the body: no pasal of the document's own there.
NOT_BODY = frozenset({"judul", "menimbang", "mengingat", "memperhatikan", "menetapkan",
                      "pengesahan", "pengundangan", "penjelasan", "lampiran"})
CACHE_SIZE = 64


@dataclass(frozen=True)
class Article:
    """One pasal (``ayat`` None) or one ayat of it."""

    number: str
    ayat: Optional[str]
    anchor: str
    pages: frozenset[int]
    text: str
    #: The ayat of a pasal, in order (empty for an ayat).
    parts: tuple["Article", ...] = ()


@dataclass(frozen=True)
class Structure:
    """The articles of a document's shown structure and the PDF they come from."""

    attachment_id: int
    articles: tuple[Article, ...]

    def pasal(self, number: str) -> Optional[Article]:
        return next((a for a in self.articles if a.number.upper() == number.upper()), None)


def _walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("children", ()):
        yield from _walk(child)


def _text(node: dict[str, Any]) -> str:
    return "\n".join(filter(None, (n.get("heading", "") + " " + n.get("text", "") for n in _walk(node))))


def _pasal_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The body's own pasal (an amendment's quoted pasal stay inside its Pasal I)."""
    if node["kind"] == "pasal":
        if not node.get("quoted"):
            yield node
        return
    for child in node.get("children", ()):
        yield from _pasal_nodes(child)


def articles(tree: dict[str, Any]) -> tuple[Article, ...]:
    found = []
    for part in tree.get("parts", ()):
        if part["kind"] in NOT_BODY:
            continue
        for pasal in _pasal_nodes(part):
            ayat = tuple(
                Article(pasal["label"], child["label"], child["anchor"], frozenset(child.get("pages", ())),
                        _text(child))
                for child in pasal.get("children", ()) if child["kind"] == "ayat")
            found.append(Article(pasal["label"], None, pasal["anchor"], frozenset(pasal.get("pages", ())),
                                 _text(pasal), ayat))
    return tuple(found)


def labels_text(tree: Optional[dict[str, Any]]) -> Optional[str]:
    """" 1 2 10A 169 ": the body's pasal numbers, stored for ``documents_with``."""
    if not tree:
        return None
    return " " + " ".join(dict.fromkeys(a.number.upper() for a in articles(tree))) + " "


def documents_with(number: str) -> set[int]:
    """Ids of documents whose shown structure has pasal ``number``. Rows
    parsed before the numbers were stored are checked through their tree."""
    wanted = f"% {number.upper()} %"
    rows = db.session.execute(
        select(DocumentStructure.document_id, DocumentStructure.pasal_labels)
        .where(DocumentStructure.state == STATE_OK,
               or_(DocumentStructure.pasal_labels.like(wanted), DocumentStructure.pasal_labels.is_(None)))).all()
    found = {doc_id for doc_id, labels in rows if labels is not None}
    unknown = [doc_id for doc_id, labels in rows if labels is None]
    found.update(doc_id for doc_id, structure in articles_of(unknown).items() if structure.pasal(number))
    return found


_cache: "OrderedDict[tuple, Structure]" = OrderedDict()
_cache_lock = threading.Lock()


def articles_of(doc_ids: Iterable[int]) -> dict[int, Structure]:
    """{document id: its articles} for the documents with a shown structure."""
    ids = sorted(set(doc_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(DocumentStructure.document_id, DocumentStructure.attachment_id, DocumentStructure.parsed_at)
        .join(Attachment, Attachment.id == DocumentStructure.attachment_id)
        .where(DocumentStructure.document_id.in_(ids), DocumentStructure.state == STATE_OK,
               Attachment.is_deleted.is_(False),
               Attachment.document_id == DocumentStructure.document_id)).all()
    place = str(db.engine.url)
    keys = {doc_id: (place, doc_id, attachment_id, str(parsed_at)) for doc_id, attachment_id, parsed_at in rows}
    found: dict[int, Structure] = {}
    with _cache_lock:
        for doc_id, key in keys.items():
            if key in _cache:
                _cache.move_to_end(key)
                found[doc_id] = _cache[key]
    missing = [doc_id for doc_id in keys if doc_id not in found]
    if missing:
        trees = db.session.execute(select(DocumentStructure.document_id, DocumentStructure.tree)
                                   .where(DocumentStructure.document_id.in_(missing))).all()
        with _cache_lock:
            for doc_id, tree in trees:
                structure = Structure(keys[doc_id][2], articles(tree or {}))
                found[doc_id] = _cache[keys[doc_id]] = structure
                while len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
    return found
