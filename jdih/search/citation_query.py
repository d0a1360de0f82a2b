"""A search query that is itself a citation ("UU 7/2017", "uu nomor 7 tahun
2017", "PKPU 8 2024", "putusan MK 20/PHPU.BUP-XXIII/2025", "UU Pemilu")
opens the document directly instead of running a full-text search.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional

from sqlalchemy import select

from jdih.accounts.access import readable
from jdih.catalogue.models import Document
from jdih.citations import Citation, extract
from jdih.citations.models import NewsCitation
from jdih.citations.resolve import AMBIGUOUS, FOUND, Resolution, resolve_for_reader
from jdih.extensions import db

# "PKPU 8 2024": a jenis, a number and a year with nothing between them is
# how people type into search boxes; legal text would write "8/2024".
_BARE_NUMBER_YEAR = re.compile(r"^\s*([^\d\s][^\d]*?)\s+(\d{1,4})\s+((?:19|20)\d\d)\s*$")
# "uu 7/17": a two-digit year is how people type into search boxes; legal
# text never does, so the citation grammar does not accept it.
_TWO_DIGIT_YEAR = re.compile(r"^\s*([^\d\s][^\d]*?)\s+(\d{1,4})\s*/\s*(\d\d)\s*$")
# Words that may stand around a recognised citation without changing it.
_FILLER = {"putusan", "mk", "ma", "dkpp", "nomor", "no", "no.", "perkara"}


@dataclass
class CitationQuery:
    citation: Citation
    resolution: Resolution
    #: Published news that cite the identity (for "belum ada di katalog").
    citing_news: list[Any] = field(default_factory=list)

    @property
    def found(self) -> Optional[Document]:
        return self.resolution.document if self.resolution.status == FOUND else None

    @property
    def ambiguous(self) -> bool:
        return self.resolution.status == AMBIGUOUS

    @property
    def label(self) -> str:
        return self.resolution.identity or self.citation.text


def _as_citation_text(query: str) -> str:
    match = _BARE_NUMBER_YEAR.match(query)
    return f"{match.group(1)} {match.group(2)}/{match.group(3)}" if match else query


def recognise(query: str) -> Optional[Citation]:
    """The one citation ``query`` consists of, or None for ordinary queries."""
    if not query or len(query) > 200:
        return None
    text = _as_citation_text(query)
    citations = extract(text)
    if len(citations) != 1:
        return None
    citation = citations[0]
    leftover = (text[:citation.start] + " " + text[citation.end:]).lower().split()
    if any(word not in _FILLER for word in leftover):
        return None
    return citation


def _citing_news(identities: list[str]) -> list[Any]:
    from jdih.news.models import News

    if not identities:
        return []
    citing = select(NewsCitation.news_id).where(NewsCitation.identity.in_(identities))
    query = (readable(select(News), News).where(News.id.in_(citing))
             .order_by(News.news_date.desc()).limit(20))
    return list(db.session.scalars(query))


def _full_year_variants(query: str) -> list[str]:
    """"uu 7/17" -> ["uu 7/2017", "uu 7/1917"]: the likelier century first
    (this century unless the year is still to come)."""
    match = _TWO_DIGIT_YEAR.match(query)
    if not match:
        return []
    words, number, short = match.group(1), match.group(2), int(match.group(3))
    centuries = (2000, 1900) if short <= date.today().year % 100 else (1900, 2000)
    return [f"{words} {number}/{century + short}" for century in centuries]


def lookup(query: str, user: Any = None) -> Optional[CitationQuery]:
    for variant in _full_year_variants(query):
        # Only a document that exists turns "7/17" into "7/2017".
        cited = _lookup(variant, user)
        if cited is not None and (cited.found is not None or cited.ambiguous):
            return cited
    return _lookup(query, user)


def _lookup(query: str, user: Any = None) -> Optional[CitationQuery]:
    citation = recognise(query)
    if citation is None:
        return None
    resolution = resolve_for_reader(citation, user)
    if resolution.status == FOUND or resolution.status == AMBIGUOUS:
        return CitationQuery(citation, resolution)
    if not resolution.identities:
        return None  # a named law with no alias: nothing to say, search normally
    return CitationQuery(citation, resolution, _citing_news(resolution.identities))
