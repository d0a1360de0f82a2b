"""Relations in the search index: the status facet shows the derived status,
and a change to a relation (or to a document acting through one) refreshes
the documents whose status it changes.

Listed in ``jdih.SEARCH_SOURCES`` so the search area loads it at start-up.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import object_session

from jdih.catalogue.models import Document
from jdih.relations.models import Relation, StatusOverride
from jdih.relations.queries import derived_statuses
from jdih.search import outbox, records


def _derived(docs: list[Document]) -> dict[int, str]:
    return {doc_id: status.status or "" for doc_id, status in derived_statuses(docs).items()}


def _relation_keys(relation: Relation) -> list[str]:
    return [records.document_key(doc_id) for doc_id in (relation.source_id, relation.target_id) if doc_id]


def _acted_upon(doc: Document) -> list[str]:
    """Documents this one revokes, amends or reviews: their status follows it."""
    session = object_session(doc)
    if session is None:
        return []
    target_ids = session.scalars(select(Relation.target_id).where(
        Relation.source_id == doc.id, Relation.target_id.is_not(None)))
    return [records.document_key(doc_id) for doc_id in target_ids]


records.STATUS_PROVIDERS.append(_derived)
records.DEPENDENT_KEYS.append(_acted_upon)
outbox.track(Relation, _relation_keys)
outbox.track(StatusOverride, lambda override: [records.document_key(override.document_id)])
