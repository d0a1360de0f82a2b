"""The whoosh schema and the mapping from SearchRecord to an index document.

Text is indexed twice: stemmed fields (word queries, ranking) and exact
fields (phrases, prefixes, typos, suggestions). PDF pages are concatenated
into the document's content fields; the token position where each page starts
is stored so the backend can tell which page a match came from.
"""

from __future__ import annotations

import datetime as dt

from whoosh import fields

from .analysis import (SECTION_SEPARATOR, IndonesianAnalyzer, ValueListAnalyzer,
                       count_positions)
from .backend import SearchRecord
from .whoosh_fields import AnalysedText, IndonesianText

STEMMED = IndonesianAnalyzer(stemmed=True)
EXACT = IndonesianAnalyzer(stemmed=False)
VALUES = ValueListAnalyzer(lowercase=False)
KEYS = ValueListAnalyzer(lowercase=True)

#: Facet field name (as in backend.FACET_FIELDS) -> index field holding the
#: verbatim values.
FACET_INDEX_FIELDS = {
    "doc_type": "f_doc_type", "jenis": "f_jenis", "tahun": "f_tahun",
    "status": "f_status", "bidang": "f_bidang", "subjects": "f_subjects",
}
#: Fields holding the text positions of PDF pages (see page_starts).
CONTENT_FIELDS = ("content", "content_x")
#: Exact fields consulted for typo tolerance and suggestions.
SPELLING_FIELDS = ("title_x", "content_x")


def _text(analyzer, phrase):
    return IndonesianText(stemmed=analyzer.stemmed, phrase=phrase)


def _values(analyzer):
    return fields.TEXT(analyzer=analyzer, phrase=False)


def build_schema() -> fields.Schema:
    return fields.Schema(
        key=fields.ID(stored=True, unique=True, sortable=True),
        version=fields.ID(sortable=True),
        kind=fields.ID,
        visibility=fields.ID,
        published=fields.ID,
        title=_text(STEMMED, False),
        title_x=_text(EXACT, True),
        identity=_text(STEMMED, False),
        meta=_text(STEMMED, False),
        # content/content_x hold *all* text (pages first, then title, number
        # and metadata): a word query matches on one posting list, and the
        # small fields above only add boosts. Positions on both: phrases need
        # them on the exact one, page attribution on both.
        content=_text(STEMMED, True),
        content_x=_text(EXACT, True),
        subject_t=_text(STEMMED, True),
        nomor=_text(EXACT, False),
        jenis_key=_values(KEYS),
        status_key=_values(KEYS),
        bidang_key=_values(KEYS),
        type_key=_values(KEYS),
        tahun=fields.NUMERIC(int, bits=32),
        sort_date=fields.NUMERIC(int, bits=32, sortable=True),
        payload=fields.STORED,
        **{name: _values(VALUES) for name in FACET_INDEX_FIELDS.values()},
    )


def sort_value(record: SearchRecord) -> int:
    """yyyymmdd, falling back to the year; undated records sort oldest."""
    if isinstance(record.date, (dt.date, dt.datetime)):
        return record.date.year * 10000 + record.date.month * 100 + record.date.day
    return (record.tahun or 0) * 10000


def page_starts(pages) -> list[int]:
    """Token position at which each page begins in the content fields. Pages
    are joined with a newline, which never merges tokens across pages."""
    starts, position = [], 0  # pages are joined by "\n": no position gap
    for _, text in pages:
        starts.append(position)
        position += count_positions(text)
    return starts


def to_document(record: SearchRecord) -> dict:
    pages = [(int(no), _clean(text)) for no, text in record.pages]
    starts = page_starts(pages)
    subjects = [s for s in record.subjects if s]
    meta = "\n".join(filter(None, [
        record.identity, record.jenis, record.jenis_abbrev, record.abstract,
        " ; ".join(subjects), record.bidang, record.body,
    ]))
    # Tokenised once, indexed in both the stemmed and the exact field.
    content = AnalysedText(SECTION_SEPARATOR.join([
        "\n".join(text for _, text in pages), record.title, record.identity, meta]))
    doc = {
        "key": record.key,
        "version": record.fingerprint(),
        "kind": record.kind,
        "visibility": record.visibility,
        "published": "1" if record.published else "0",
        "title": record.title, "title_x": record.title,
        "identity": " ".join(filter(None, [record.identity, record.nomor])),
        "meta": meta,
        "content": content, "content_x": content,
        "subject_t": " ; ".join(subjects),
        "nomor": record.nomor or "",
        "jenis_key": VALUES.join([record.jenis, record.jenis_abbrev]),
        "status_key": record.status or "",
        "bidang_key": record.bidang or "",
        "type_key": record.doc_type or "",
        "sort_date": sort_value(record),
        "payload": _payload(record, pages, starts),
        "f_doc_type": record.doc_type or "",
        "f_jenis": record.jenis or "",
        "f_tahun": str(record.tahun) if record.tahun else "",
        "f_status": record.status or "",
        "f_bidang": record.bidang or "",
        "f_subjects": VALUES.join(subjects),
    }
    if record.tahun is not None:
        doc["tahun"] = int(record.tahun)
    return doc


def _clean(text) -> str:
    return (text or "").replace(SECTION_SEPARATOR, " ")


def _payload(record: SearchRecord, pages, starts) -> dict:
    """Stored for display and snippets only."""
    return {
        "kind": record.kind, "title": record.title, "identity": record.identity,
        "nomor": record.nomor, "tahun": record.tahun, "doc_type": record.doc_type,
        "jenis": record.jenis, "status": record.status,
        "abstract": record.abstract, "body": record.body,
        "pages": pages, "page_starts": starts,
        # Positions from here on are title/metadata, not any page.
        "pages_end": (starts[-1] + count_positions(pages[-1][1])) if pages else 0,
    }
