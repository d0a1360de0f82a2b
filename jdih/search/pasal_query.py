"""A query that names a pasal of a law ("uji materi pasal 10 uu pilkada",
"pengujian pasal 169 uu 7 2017") finds the rulings that reviewed that pasal
through the relations' pasal field, not only through their text.

The law is resolved by the citation machinery (aliases included: "UU
Pilkada"); the laws amending it count too, since a ruling reviews a pasal
as amended ("Pasal 40 ayat (1) UU 10/2016" of the Pilkada law). Only
documents the reader may open are returned (catalogue.visible_documents).
"""
from __future__ import annotations

import re
from typing import Any

from flask import g
from sqlalchemy import select

from jdih.catalogue.models import Document
from jdih.catalogue.queries import visible_documents
from jdih.citations import extract
from jdih.citations.resolve import candidate_identities
from jdih.extensions import db
from jdih.relations.models import Relation

_PASAL = re.compile(r"\bpasal\s+(\d+[a-z]?)\b", re.IGNORECASE)
# "uu 7 2017": a number and a year without the slash people leave out.
_BARE_NUMBER_YEAR = re.compile(r"\b([a-z]+)\s+(\d{1,4})\s+((?:19|20)\d\d)\b", re.IGNORECASE)
#: Rulings shown first at most.
MAX_RULINGS = 10


def cited_pasal(query: str) -> list[tuple[list[str], str]]:
    """[(identities of the law, pasal number)] the query names."""
    if not query or len(query) > 300 or not _PASAL.search(query):
        return []
    text = _BARE_NUMBER_YEAR.sub(r"\1 \2/\3", query)
    cited = []
    for citation in extract(text):
        found = _PASAL.search(citation.pinpoint or "")
        if found:
            identities = candidate_identities(citation)
            if identities:
                cited.append((identities, found.group(1).lower()))
    return cited


def _with_amendments(identities: list[str]) -> set[str]:
    """The laws and the laws that amend them (one step)."""
    amending = select(Relation.source_identity).where(
        Relation.kind == "mengubah", Relation.target_identity.in_(identities))
    return set(identities) | set(db.session.scalars(amending))


def _names_pasal(text: str | None, number: str) -> bool:
    return any(found.group(1).lower() == number for found in _PASAL.finditer(text or ""))


def reviewing_rulings(query: str, user: Any = None) -> list[Document]:
    """Documents related to the cited law(s) with the cited pasal in the
    relation's pasal, judicial reviews first. Remembered for the request:
    the search page asks before searching (opens_directly) and the search
    asks again to put them first."""
    remembered = g.setdefault("pasal_rulings", {})
    key = (query, getattr(user, "id", None))
    if key not in remembered:
        remembered[key] = _reviewing_rulings(query, user)
    return remembered[key]


def _reviewing_rulings(query: str, user: Any) -> list[Document]:
    found: dict[int, Document] = {}
    for identities, number in cited_pasal(query):
        relations = db.session.scalars(select(Relation).where(
            Relation.target_identity.in_(_with_amendments(identities)),
            Relation.source_id.is_not(None), Relation.pasal.is_not(None)))
        ids = [r.source_id for r in sorted(relations, key=lambda r: r.kind != "menguji")
               if _names_pasal(r.pasal, number)]
        if not ids:
            continue
        readable = {doc.id: doc for doc in db.session.scalars(
            visible_documents(user).where(Document.id.in_(ids)))}
        for doc_id in ids:
            if doc_id in readable:
                found.setdefault(doc_id, readable[doc_id])
    return list(found.values())[:MAX_RULINGS]


def opens_directly(cited: Any, query: str, user: Any = None) -> bool:
    """A query that is a citation opens its document, unless it names a
    pasal that rulings reviewed: then those rulings are listed instead."""
    return cited is not None and cited.found is not None and not reviewing_rulings(query, user)
