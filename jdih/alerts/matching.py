"""Which events a follow (or a webhook) hears about.

A document follow hears what happens to that document; a saved search, a
subject or a type hears of documents newly published that match it. A
saved search is matched on the document's own fields (every word of ``q``
in its identity, title, abstract or subjects; the facets ``tipe``,
``jenis``, ``tahun``, ``subjek`` equal), not through the index, which may
not have caught up when the event is dispatched.
"""
from __future__ import annotations

import re
from typing import Optional
from urllib.parse import parse_qs

from jdih.alerts.models import DOCUMENT_EVENTS, AlertEvent
from jdih.catalogue.models import Document

WORD_RE = re.compile(r"\w+", re.UNICODE)


def _text_of(doc: Document) -> str:
    parts = [doc.identity or "", doc.display_identity or "", doc.judul or "", doc.abstrak or "",
             " ".join(term.label for term in doc.subjects)]
    return " ".join(parts).lower()


def search_matches(query_string: str, doc: Document) -> bool:
    args = {key: values[0] for key, values in parse_qs(query_string or "").items() if values}
    if args.get("tipe") and args["tipe"] != doc.doc_type:
        return False
    if args.get("tahun") and args["tahun"] != str(doc.tahun or ""):
        return False
    if args.get("jenis") and doc.jenis is not None and args["jenis"].lower() not in (
            str(doc.jenis.id), (doc.jenis.abbreviation or "").lower(), doc.jenis.name.lower()):
        return False
    if args.get("subjek") and args["subjek"].lower() not in {t.label.lower() for t in doc.subjects}:
        return False
    words = [w for w in WORD_RE.findall((args.get("q") or "").lower()) if w]
    text = _text_of(doc)
    return all(word in text for word in words)


def matches(kind: Optional[str], value: Optional[str], event: AlertEvent, doc: Document) -> bool:
    """Does a target (kind, value) hear about ``event``? No kind: everything."""
    if kind is None:
        return True
    if kind == "document":
        return event.kind in DOCUMENT_EVENTS and str(doc.id) == str(value)
    if event.kind != "published":
        return False
    if kind == "type":
        return doc.doc_type == value
    if kind == "subject":
        return any(str(term.id) == str(value) for term in doc.subjects)
    if kind == "search":
        return search_matches(value or "", doc)
    return False
