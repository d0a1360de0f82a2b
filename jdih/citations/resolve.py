"""Resolve parsed citations to catalogued documents.

A citation names a canonical identity: its parser type maps to the jenis
rows with that ``citation_type``, and each such jenis gives one identity
(jdih.catalogue.operations.identity_for). Laws cited by name ("UU Pemilu")
go through the alias table instead. One matching document is *found*,
several are *ambiguous*, none is *not_catalogued* (the identity is kept so
the citation links itself once the document is created).

Used by news items, the machine lookup endpoint and the search box.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional, Protocol

from blinker import Namespace
from flask import g, has_app_context
from sqlalchemy import select

from jdih.accounts.access import can_read
from jdih.catalogue.identity import normalise_abbreviation
from jdih.catalogue.models import Document, Jenis
from jdih.catalogue.operations import identity_for
from jdih.citations.identities import JenisIndex, citation_identity
from jdih.citations.models import CitationAlias
from jdih.core import audit
from jdih.core.errors import UserError
from jdih.extensions import db

FOUND = "found"
NOT_CATALOGUED = "not_catalogued"
AMBIGUOUS = "ambiguous"

#: Sent with the citation type as sender and ``name=`` when an alias is
#: added, changed or removed; create_app connects the news citation linker.
alias_changed = Namespace().signal("alias-changed")


class CitationLike(Protocol):
    type: str
    number: Optional[str]
    year: Optional[int]
    name: Optional[str]
    issuer: Optional[str]
    text: str


@dataclass
class Resolution:
    status: str
    #: Every identity the citation may name (one, usually).
    identities: list[str] = field(default_factory=list)
    #: Matching documents (exactly one when found).
    documents: list[Document] = field(default_factory=list)

    @property
    def identity(self) -> Optional[str]:
        """The identity, when the citation names exactly one."""
        return self.identities[0] if len(self.identities) == 1 else None

    @property
    def document(self) -> Optional[Document]:
        return self.documents[0] if self.status == FOUND else None


# -- identities ---------------------------------------------------------------

def find_alias(citation_type: str, name: str) -> Optional[CitationAlias]:
    return db.session.scalar(select(CitationAlias).where(
        CitationAlias.citation_type == citation_type,
        CitationAlias.name == normalise_alias_name(name)))


def normalise_alias_name(name: str) -> str:
    return " ".join((name or "").split()).upper()


def _jenis_for(citation_type: str, issuer: Optional[str]) -> list[Jenis]:
    rows = list(db.session.scalars(select(Jenis).where(Jenis.citation_type == citation_type)
                                   .order_by(Jenis.sort_order, Jenis.id)))
    if issuer and len(rows) > 1:
        # "Permenkumham" -> issuer KUMHAM -> the jenis abbreviated PERMENKUMHAM.
        wanted = normalise_abbreviation(issuer)
        narrowed = [j for j in rows if normalise_abbreviation(j.abbreviation) in (wanted, "PERMEN" + wanted)
                    or wanted in normalise_abbreviation(j.name)]
        if narrowed:
            return narrowed
    return rows


def jenis_index() -> JenisIndex:
    """The jenis vocabulary as plain data, read once per request."""
    cached = getattr(g, "_jenis_index", None) if has_app_context() else None
    if cached is None:
        cached = JenisIndex.from_rows(db.session.scalars(select(Jenis)))
        if has_app_context():
            g._jenis_index = cached
    return cached


def candidate_identities(citation: CitationLike) -> list[str]:
    """The canonical identities a citation may name, most likely first.

    The one identity the citation names when it can be told (the same
    function relations and the seed loader use); otherwise every jenis of
    the citation's type gives a candidate ("Permen 8/2019" without its
    ministry), and several matches make the citation ambiguous.
    """
    if citation.name and not citation.number:
        alias = find_alias(citation.type, citation.name)
        return [alias.target_identity] if alias else []
    exact = citation_identity(citation, jenis_index())
    if exact:
        return [exact]
    identities: list[str] = []
    for jenis in _jenis_for(citation.type, getattr(citation, "issuer", None)):
        identity = identity_for(jenis.doc_type, jenis, citation.number, citation.year)
        if identity and identity not in identities:
            identities.append(identity)
    return identities


# -- resolution ---------------------------------------------------------------

def documents_with(identities: Iterable[str]) -> list[Document]:
    identities = list(identities)
    if not identities:
        return []
    return list(db.session.scalars(select(Document).where(
        Document.identity.in_(identities), Document.is_deleted.is_(False)).order_by(Document.id)))


def resolve(citation: CitationLike) -> Resolution:
    """Resolve against the whole catalogue (drafts and restricted included:
    stored links are filtered by the reader's rights when shown)."""
    identities = candidate_identities(citation)
    documents = documents_with(identities)
    status = FOUND if len(documents) == 1 else AMBIGUOUS if documents else NOT_CATALOGUED
    return Resolution(status, identities, documents)


def visible_to(resolution: Resolution, user: Any = None) -> Resolution:
    """The same resolution as ``user`` may see it: documents they cannot
    read are left out, so their existence is not revealed."""
    documents = [doc for doc in resolution.documents if can_read(doc, user)]
    status = FOUND if len(documents) == 1 else AMBIGUOUS if documents else NOT_CATALOGUED
    return Resolution(status, resolution.identities, documents)


def resolve_for_reader(citation: CitationLike, user: Any = None) -> Resolution:
    return visible_to(resolve(citation), user)


#: Identities per documents query when many citations resolve at once.
_IN_CHUNK = 500


def _identity_key(citation: CitationLike) -> tuple:
    """What candidate_identities depends on: citations equal here name the
    same documents, however often the text repeats them."""
    return (citation.type, citation.number, citation.year, citation.name, getattr(citation, "issuer", None))


def resolve_many_for_reader(citations: Iterable[CitationLike], user: Any = None) -> list[Resolution]:
    """``resolve_for_reader`` for each citation, in order, with bounded work:
    each distinct identity is worked out once and the documents of all of
    them are read in a few IN queries instead of one query per citation."""
    citations = list(citations)
    identities_of: dict[tuple, list[str]] = {}
    for citation in citations:
        key = _identity_key(citation)
        if key not in identities_of:
            identities_of[key] = candidate_identities(citation)
    wanted = sorted({identity for found in identities_of.values() for identity in found})
    by_identity: dict[str, list[Document]] = {}
    for start in range(0, len(wanted), _IN_CHUNK):
        for document in documents_with(wanted[start:start + _IN_CHUNK]):
            by_identity.setdefault(document.identity, []).append(document)
    resolved: dict[tuple, Resolution] = {}
    for key, identities in identities_of.items():
        documents = sorted((doc for identity in identities for doc in by_identity.get(identity, [])),
                           key=lambda doc: doc.id)
        status = FOUND if len(documents) == 1 else AMBIGUOUS if documents else NOT_CATALOGUED
        resolved[key] = visible_to(Resolution(status, identities, documents), user)
    return [resolved[_identity_key(citation)] for citation in citations]


# -- keys for remembering decisions ------------------------------------------

_PINPOINT_PREFIX = re.compile(r"^(?:penjelasan\s+)?pasal\b.*?(?=\b(?:undang|uu|peraturan|perpu|perppu|pp|"
                              r"keputusan|putusan|perpres|keppres|pkpu|perbawaslu|perda|permen)\b)",
                              re.IGNORECASE | re.DOTALL)


def normalised_text(text: str) -> str:
    """Case- and spacing-insensitive form of the cited text, pinpoint dropped."""
    return " ".join(_PINPOINT_PREFIX.sub("", text).split()).casefold()


def decision_key(citation: CitationLike, resolution: Resolution) -> str:
    """What a staff decision about this citation is remembered by.

    Laws cited by name are keyed by their name, not the alias target: a
    decision about "UU Pemilu" in one news item must not overrule an
    explicit "UU 7/2017" beside it.
    """
    if citation.name and not citation.number:
        return f"NAME:{citation.type}:{normalise_alias_name(citation.name)}"[:300]
    if resolution.identity:
        return f"ID:{resolution.identity}"[:300]
    return f"TEXT:{normalised_text(citation.text)}"[:300]



# -- the alias table ------------------------------------------------------------

#: (type, parser name, label, target identity): laws the office cites by name.
STANDARD_ALIASES = (
    ("UU", "Pemilu", "UU Pemilu", "UU 7/2017"),
    ("UU", "Pilkada", "UU Pilkada", "UU 1/2015"),
    ("UU", "KIP", "UU KIP", "UU 14/2008"),
    ("UU", "Kearsipan", "UU Kearsipan", "UU 43/2009"),
    ("UU", "PDP", "UU PDP", "UU 27/2022"),
    ("UU", "P3", "UU P3 / UU PPP", "UU 12/2011"),
)


class AliasError(UserError):
    """A refusal; ``message`` is for people (Indonesian)."""


def normalise_target(identity: str) -> str:
    """A target identity as people type it ("uu 7/2017") -> "UU 7/2017"."""
    return " ".join((identity or "").split()).upper()


def seed_aliases() -> int:
    """Add the standard aliases that are missing; returns how many."""
    added = 0
    for citation_type, name, label, target in STANDARD_ALIASES:
        if find_alias(citation_type, name) is None:
            db.session.add(CitationAlias(citation_type=citation_type, name=normalise_alias_name(name),
                                         label=label, target_identity=target))
            added += 1
    db.session.flush()
    return added


def save_alias(alias: Optional[CitationAlias], citation_type: str, name: str, label: str,
               target_identity: str) -> CitationAlias:
    """Create (alias None) or change an alias, audited; refuses duplicates."""
    key, target = normalise_alias_name(name), normalise_target(target_identity)
    if not key or not target:
        raise AliasError("Nama dan identitas tujuan wajib diisi.")
    existing = find_alias(citation_type, key)
    if existing is not None and existing is not alias:
        raise AliasError(f"Alias {citation_type} \u201c{name}\u201d sudah ada.", field="name")
    before = {} if alias is None else {"name": alias.name, "label": alias.label,
                                       "citation_type": alias.citation_type, "target": alias.target_identity}
    old_key = None if alias is None else (alias.citation_type, alias.name)
    if alias is None:
        alias = CitationAlias()
        db.session.add(alias)
    alias.citation_type, alias.name = citation_type, key
    alias.label, alias.target_identity = " ".join((label or "").split())[:200] or f"{citation_type} {name}", target
    db.session.flush()
    after = {"name": alias.name, "label": alias.label, "citation_type": alias.citation_type,
             "target": alias.target_identity}
    audit.record("create" if not before else "edit", alias, audit.diff(before, after))
    _relink_named(citation_type, key)
    if old_key and old_key != (citation_type, key):
        _relink_named(*old_key)
    return alias


def delete_alias(alias: CitationAlias) -> None:
    audit.record("delete", alias, {"target": [alias.target_identity, None]})
    key = (alias.citation_type, alias.name)
    db.session.delete(alias)
    db.session.flush()
    _relink_named(*key)


def _relink_named(citation_type: str, name: str) -> None:
    """Tell whoever links citations (news, wired in create_app) that a name
    now resolves differently."""
    alias_changed.send(citation_type, name=name)


def document_for_reference(reference: str) -> Optional[Document]:
    """The document staff mean by ``reference``: an ID, a slug or page URL,
    an identity ("UU 7/2017") or a citation ("UU Nomor 7 Tahun 2017")."""
    from jdih.citations import extract

    reference = " ".join((reference or "").split())
    if not reference:
        return None
    live = select(Document).where(Document.is_deleted.is_(False))
    if reference.isdigit():
        return db.session.scalar(live.where(Document.id == int(reference)))
    slug = reference.rstrip("/").rsplit("/dokumen/", 1)[-1]
    found = db.session.scalar(live.where(Document.slug == slug)) or db.session.scalar(
        live.where(Document.identity == normalise_target(reference)))
    if found is not None:
        return found
    citations = extract(reference)
    if len(citations) == 1:
        return resolve(citations[0]).document
    return None
