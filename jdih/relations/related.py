"""The document page's "Dokumen terkait": documents related to one document.

First the documents a relation joins to it (both directions: what it
revokes or amends, what revokes or amends it, the rulings that review it),
then those that share the most subjects with it. Every candidate passes
the one reader policy (``catalogue.queries.visible_documents``), so a
draft, internal or partner-only document is never named to someone who
may not read it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from jdih.catalogue.models import Document, document_subject
from jdih.catalogue.queries import visible_documents
from jdih.extensions import db
from jdih.relations.models import KINDS, Relation

LIMIT = 6


@dataclass
class Related:
    doc: Document
    #: Why it is listed: "mencabut dokumen ini", "Subjek sama: Pemilu".
    reason: str


def _relation_reasons(doc: Document) -> dict[int, str]:
    """Catalogued documents joined to ``doc`` by a relation, with the
    relation read from their side ("mencabut dokumen ini")."""
    rows = db.session.execute(
        select(Relation.kind, Relation.source_id, Relation.target_id)
        .where(or_(Relation.source_id == doc.id, Relation.target_id == doc.id)).order_by(Relation.id)).all()
    reasons: dict[int, str] = {}
    for kind, source_id, target_id in rows:
        active, reverse = KINDS.get(kind, (kind, kind))
        other, verb = (source_id, active) if target_id == doc.id else (target_id, reverse)
        if other is not None and other != doc.id:
            reasons.setdefault(other, f"{verb} dokumen ini")
    return reasons


def _by_relation(doc: Document, user: Any) -> list[Related]:
    reasons = _relation_reasons(doc)
    if not reasons:
        return []
    docs = db.session.scalars(visible_documents(user).where(Document.id.in_(reasons))
                              .order_by(Document.tahun.desc().nulls_last(), Document.id.desc()))
    return [Related(other, reasons[other.id]) for other in docs]


def _by_subject(doc: Document, user: Any, exclude: set[int], limit: int) -> list[Related]:
    subject_ids = {term.id for term in doc.subjects}
    if not subject_ids or limit <= 0:
        return []
    link = document_subject.c
    shared = (select(link.document_id, func.count().label("n"))
              .where(link.term_id.in_(subject_ids), link.document_id.not_in(exclude | {doc.id}))
              .group_by(link.document_id).subquery())
    docs = db.session.scalars(
        visible_documents(user).join(shared, shared.c.document_id == Document.id)
        .options(selectinload(Document.subjects))  # the reason names them: one query, not one per row
        .order_by(shared.c.n.desc(), Document.tahun.desc().nulls_last(), Document.id.desc()).limit(limit))
    return [Related(other, "Subjek sama: " + ", ".join(term.label for term in other.subjects
                                                       if term.id in subject_ids))
            for other in docs]


def related_documents(doc: Document, user: Any = None, limit: int = LIMIT) -> list[Related]:
    """Up to ``limit`` documents related to ``doc`` that ``user`` (default:
    the current one) may read: relations first, then shared subjects."""
    found = _by_relation(doc, user)[:limit]
    found += _by_subject(doc, user, {item.doc.id for item in found}, limit - len(found))
    return found
