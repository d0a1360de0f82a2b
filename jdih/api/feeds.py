"""Atom feeds (RFC 4287) of newly published records, built with
xml.etree so every title and summary is escaped by the serializer."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Optional

from jdih.api.jdihn import iso_datetime

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 forbids even when escaped; pasted text sometimes has them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SUMMARY_LENGTH = 500


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    updated: datetime
    published: Optional[datetime] = None
    summary: Optional[str] = None
    category: Optional[str] = None


def clean(value: str) -> str:
    return _INVALID_XML.sub("", value)


def _shorten(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= SUMMARY_LENGTH else value[:SUMMARY_LENGTH - 1].rstrip() + "…"


def _add(parent: ET.Element, tag: str, text: Optional[str] = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = clean(text)
    return element


def render(*, feed_id: str, title: str, self_url: str, alternate_url: str,
           entries: Iterable[Entry], author: str, fallback_updated: datetime) -> bytes:
    entries = list(entries)
    # Plain tag names under a literal xmlns: ElementTree's default_namespace
    # option refuses the un-namespaced attributes Atom uses (rel, href).
    feed = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: "id"})
    _add(feed, "id", feed_id)
    _add(feed, "title", title)
    updated = max((entry.updated for entry in entries), default=fallback_updated, key=iso_datetime)
    _add(feed, "updated", iso_datetime(updated))
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html", href=alternate_url)
    _add(_add(feed, "author"), "name", author)
    for entry in entries:
        item = _add(feed, "entry")
        _add(item, "id", entry.id)
        _add(item, "title", entry.title)
        _add(item, "link", rel="alternate", type="text/html", href=entry.link)
        _add(item, "updated", iso_datetime(entry.updated))
        if entry.published:
            _add(item, "published", iso_datetime(entry.published))
        if entry.category:
            _add(item, "category", term=clean(entry.category))
        if entry.summary:
            _add(item, "summary", _shorten(entry.summary), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
