"""Reading relations from the database into the plain values of ``status``.

``derived_status(doc)`` and ``derived_statuses(docs)`` are what search,
the API and the feed call: two queries for any number of documents;
``status_on_date(doc, day)`` answers for any date with the same rules.

Every fact is read for a reader (the current user unless told): the other
end of a relation that reader may not read (``access.can_read``) is masked
(``status.masked``): it still counts for status, but it is never named.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Optional, Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from jdih.accounts.access import can_read
from jdih.catalogue.models import Document
from jdih.extensions import db
from jdih.relations import status as st
from jdih.citations.identities import JenisIndex
from jdih.citations.resolve import jenis_index
from jdih.relations.models import KINDS, Relation, StatusOverride


def own_date(doc: Document) -> Optional[date]:
    """When a document took effect: pengundangan, else penetapan, else dibacakan."""
    return doc.tanggal_pengundangan or doc.tanggal_penetapan or doc.tanggal_dibacakan


def doc_ref(doc: Document) -> st.DocRef:
    return st.DocRef(identity=doc.identity or "", label=doc.display_identity or doc.judul,
                     id=doc.id, slug=doc.slug, judul=doc.judul,
                     in_force=doc.is_published and not doc.is_deleted, date=own_date(doc),
                     year=doc.tahun)


def pending_ref(identity: str, index: Optional[JenisIndex] = None) -> st.DocRef:
    return st.DocRef(identity=identity, label=(index or jenis_index()).label(identity))


def reader_ref(doc: Document, reader: Any = None) -> st.DocRef:
    """``doc`` as ``reader`` (default: the current user) may see it."""
    ref = doc_ref(doc)
    return ref if can_read(doc, reader) else st.masked(ref)


def fact_for(relation: Relation, doc_id: int, index: Optional[JenisIndex] = None,
             reader: Any = None) -> st.Fact:
    """``relation`` as seen from document ``doc_id`` (one of its ends), by ``reader``."""
    incoming = relation.target_id == doc_id
    other_doc = relation.source if incoming else relation.target
    other_identity = relation.source_identity if incoming else relation.target_identity
    other = reader_ref(other_doc, reader) if other_doc is not None else pending_ref(other_identity, index)
    source_date = own_date(relation.source) if relation.source is not None else None
    return st.Fact(relation_id=relation.id, kind=relation.kind, incoming=incoming, other=other,
                   source_date=source_date, effective_date=relation.effective_date,
                   pasal=relation.pasal, result=relation.result)


def _incoming_acting_facts(doc_ids: Sequence[int], reader: Any = None) -> dict[int, list[st.Fact]]:
    """Facts of relations whose catalogued source acts on these documents."""
    rows = db.session.scalars(
        select(Relation).options(joinedload(Relation.source))
        .where(Relation.target_id.in_(doc_ids), Relation.source_id.is_not(None)))
    facts: dict[int, list[st.Fact]] = defaultdict(list)
    for relation in rows:
        facts[relation.target_id].append(fact_for(relation, relation.target_id, reader=reader))
    return facts


def overrides_for(doc_ids: Sequence[int]) -> dict[int, StatusOverride]:
    rows = db.session.scalars(select(StatusOverride).where(StatusOverride.document_id.in_(doc_ids)))
    return {row.document_id: row for row in rows}


def _override(overrides: dict[int, StatusOverride], doc_id: int) -> Optional[tuple[str, str]]:
    override = overrides.get(doc_id)
    return (override.status, override.reason) if override else None


def derived_statuses(docs: Iterable[Document], today: Optional[date] = None,
                     reader: Any = None) -> dict[int, st.DerivedStatus]:
    """Document id -> its status today, for many documents in two queries.

    ``.status`` is the same for every reader; ``.detail`` names only what
    ``reader`` (default: the current user) may read.
    """
    docs = [doc for doc in docs if doc.id is not None]
    ids = [doc.id for doc in docs]
    if not ids:
        return {}
    facts = _incoming_acting_facts(ids, reader)
    overrides = overrides_for(ids)
    return {doc.id: st.derive(facts.get(doc.id, []), doc.status, _override(overrides, doc.id), today,
                              doc.keterangan_status)
            for doc in docs}


def shown_statuses(docs: Iterable[Document], today: Optional[date] = None) -> dict[int, Optional[str]]:
    """The ``status`` value feeds, the API and Atom show: a ruling's own
    status (status_putusan, "Berkekuatan hukum tetap"), else the derived
    status (the page's badge): never the recorded field on its own."""
    docs = list(docs)
    derived = derived_statuses([doc for doc in docs if doc.doc_type != "putusan"], today)
    return {doc.id: doc.status_putusan if doc.doc_type == "putusan" else derived[doc.id].status
            for doc in docs if doc.id is not None}


def status_may_change() -> Any:
    """SQL: the documents whose shown status is not simply a column, those a
    catalogued relation acts on or with a staff override. Every other law
    shows its recorded status, so counts and filters read it in SQL and
    derive (shown_statuses) only these."""
    acted_on = select(Relation.target_id).where(Relation.source_id.is_not(None),
                                                Relation.target_id.is_not(None))
    return Document.id.in_(acted_on.union(select(StatusOverride.document_id)))


def status_changes_between(after: date, until: date) -> list[int]:
    """Ids of documents whose derived status may change with time in
    (``after``, ``until``]: targets of relations that take effect then (the
    relation's own date, else the acting document's, as ``Fact.effective``).
    Nothing is edited when such a date passes, so nothing else notices."""
    source = Document
    effective = func.coalesce(Relation.effective_date, source.tanggal_pengundangan,
                              source.tanggal_penetapan, source.tanggal_dibacakan)
    rows = db.session.scalars(
        select(Relation.target_id).join(source, Relation.source_id == source.id)
        .where(Relation.target_id.is_not(None), effective > after, effective <= until).distinct())
    return sorted(rows)


def derived_status(doc: Document, today: Optional[date] = None, reader: Any = None) -> st.DerivedStatus:
    """The status of one document today: override, else relations, else recorded.

    ``.status`` is "Berlaku" / "Berlaku Sebagian" / "Tidak Berlaku" or None;
    ``.text`` reads "Tidak Berlaku — dicabut dengan UU 7/2017".
    """
    return derived_statuses([doc], today, reader)[doc.id]


def all_facts(doc: Document, reader: Any = None) -> list[st.Fact]:
    """Every relation of ``doc``, both directions, in one query, as ``reader`` sees them."""
    rows = db.session.scalars(
        select(Relation).options(joinedload(Relation.source), joinedload(Relation.target))
        .where(or_(Relation.source_id == doc.id, Relation.target_id == doc.id))
        .order_by(Relation.id))
    index = jenis_index()
    return [fact_for(relation, doc.id, index, reader) for relation in rows]


def enactments_of(facts: Sequence[st.Fact], reader: Any = None) -> dict[str, list[st.Fact]]:
    """For each readable amending document: the readable laws in force that enacted it."""
    ids = [f.other.id for f in facts if f.incoming and f.kind == "mengubah" and f.other.id]
    if not ids:
        return {}
    rows = db.session.scalars(
        select(Relation).options(joinedload(Relation.source), joinedload(Relation.target))
        .where(Relation.kind == "menetapkan", Relation.target_id.in_(ids)))
    found: dict[str, list[st.Fact]] = defaultdict(list)
    for relation in rows:
        if relation.source is None:
            continue
        fact = fact_for(relation, relation.target_id, reader=reader)
        if fact.other.in_force and not fact.other.hidden:
            found[relation.target.identity or ""].append(fact)
    return found


def status_on_date(doc: Document, day: date, reader: Any = None,
                   today: Optional[date] = None) -> st.StatusOnDate:
    """The status of ``doc`` on ``day``, for ``reader``: from today on it is
    exactly ``derived_status`` (the page's and the feed's), before it the
    relations in effect that day."""
    override = _override(overrides_for([doc.id]), doc.id)
    return st.status_on(all_facts(doc, reader), day, own_date(doc), doc.status, override, today,
                        doc.keterangan_status)


# -- what a page shows ----------------------------------------------------------

@dataclass
class RelationGroup:
    label: str
    facts: list[st.Fact] = field(default_factory=list)


@dataclass
class DocumentRelations:
    """Everything the document page's relations card needs."""

    status: st.DerivedStatus
    groups: list[RelationGroup]
    timeline: list[st.Event]

    @property
    def empty(self) -> bool:
        return not self.groups and not self.status.status and len(self.timeline) == 0


def linkable(ref: st.DocRef) -> bool:
    """Whether the reader may open the other document's page: refs are read
    for the reader, so any catalogued ref not masked is readable."""
    return ref.catalogued and not ref.hidden


def document_relations(doc: Document, reader: Any = None) -> DocumentRelations:
    """The card: relations whose other end the reader may read or that wait
    for a document by identity; the status counts the hidden ones too."""
    facts = all_facts(doc, reader)
    shown = [f for f in facts if not f.other.hidden]
    groups: dict[tuple[str, bool], RelationGroup] = {}
    for kind, (active, reverse) in KINDS.items():
        for incoming, label in ((False, active), (True, reverse)):
            members = [f for f in shown if f.kind == kind and f.incoming == incoming]
            if members:
                groups[(kind, incoming)] = RelationGroup(label.capitalize(), members)
    derived = st.derive([f for f in facts if f.incoming], doc.status,
                        _override(overrides_for([doc.id]), doc.id), recorded_note=doc.keterangan_status)
    events = st.timeline(st.OwnDates(doc.tanggal_penetapan, doc.tanggal_pengundangan,
                                     doc.tanggal_dibacakan),
                         [f for f in shown if f.incoming], enactments_of(shown, reader))
    return DocumentRelations(derived, list(groups.values()), events)
