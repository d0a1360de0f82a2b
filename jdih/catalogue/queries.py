"""Read-side queries: what a reader may see, listings and counts."""
from __future__ import annotations

from typing import Any, Optional

from flask import abort
from sqlalchemy import Select, func, select

from jdih.accounts.access import can_read, readable, readable_visibilities
from jdih.catalogue.models import DOC_TYPES, VISIBILITY_PARTNER, Document, Jenis
from jdih.extensions import db


def visible_documents(user: Any = None) -> Select:
    """Published, undeleted documents of the visibilities ``user`` may read."""
    return readable(select(Document), Document, user)


def get_readable_document(slug: str) -> Document:
    """The document at ``slug`` if the reader may see it; 404 otherwise.

    404 rather than 403 so that the existence of a hidden record is not
    revealed.
    """
    doc = db.session.scalar(select(Document).where(Document.slug == slug))
    if doc is None or not can_read(doc):
        abort(404)
    return doc


def may_filter_partner_only(user: Any = None) -> bool:
    """Whether ``user`` reads partner documents, and so may list only those."""
    return VISIBILITY_PARTNER in readable_visibilities(user)


def _listed(doc_type: str, partner_only: bool) -> Select:
    query = visible_documents().where(Document.doc_type == doc_type)
    return query.where(Document.visibility == VISIBILITY_PARTNER) if partner_only else query


def browse_query(doc_type: str, jenis_id: Optional[int], tahun: Optional[int],
                 partner_only: bool = False) -> Select:
    """The reader's documents of a type; ``partner_only`` keeps those shared
    with partners (the caller checks ``may_filter_partner_only``)."""
    query = _listed(doc_type, partner_only)
    if jenis_id:
        query = query.where(Document.jenis_id == jenis_id)
    if tahun:
        query = query.where(Document.tahun == tahun)
    return query.order_by(Document.tahun.desc().nulls_last(), Document.id.desc())


def facet_counts(doc_type: str, column: Any, jenis_id: Optional[int] = None,
                 partner_only: bool = False) -> list[tuple[Any, int]]:
    """(value, count) pairs of ``column`` over the reader's documents of a type."""
    base = _listed(doc_type, partner_only)
    if jenis_id:
        base = base.where(Document.jenis_id == jenis_id)
    sub = base.subquery()
    rows = db.session.execute(
        select(getattr(sub.c, column.key), func.count()).group_by(getattr(sub.c, column.key))
    ).all()
    return [(value, count) for value, count in rows if value is not None]


def jenis_facets(doc_type: str, partner_only: bool = False) -> list[tuple[Jenis, int]]:
    counts = dict(facet_counts(doc_type, Document.jenis_id, partner_only=partner_only))
    jenis = db.session.scalars(select(Jenis).where(Jenis.id.in_(counts))).all() if counts else []
    return sorted(((j, counts[j.id]) for j in jenis), key=lambda item: (item[0].sort_order, item[0].name))


def year_facets(doc_type: str, jenis_id: Optional[int], partner_only: bool = False) -> list[tuple[int, int]]:
    return sorted(facet_counts(doc_type, Document.tahun, jenis_id, partner_only), reverse=True)


def type_counts(user: Any = None) -> dict[str, int]:
    """Documents per type that ``user`` (default: the current one) may read."""
    sub = visible_documents(user).subquery()
    rows = db.session.execute(select(sub.c.doc_type, func.count()).group_by(sub.c.doc_type)).all()
    return dict(rows)


def latest_by_type(doc_type: str, limit: int = 5) -> list[Document]:
    query = visible_documents().where(Document.doc_type == doc_type).order_by(
        Document.published_at.desc().nulls_last(), Document.id.desc()).limit(limit)
    return list(db.session.scalars(query))


def nonzero_type_counts(user: Any = None) -> list[tuple[str, str, int]]:
    """(type, label, count) of the types with at least one readable
    document, in the catalogue's order: the home page shows no zero tiles."""
    counts = type_counts(user)
    return [(doc_type, label, counts[doc_type]) for doc_type, label in DOC_TYPES.items()
            if counts.get(doc_type)]


def search_jenis_choices(doc_types: tuple[str, ...] = ("peraturan", "putusan")) -> list[tuple[str, list[str]]]:
    """(type label, jenis names) for the structured search form: the names
    are the values of the search's ``jenis`` filter."""
    rows = db.session.execute(select(Jenis.doc_type, Jenis.name).where(Jenis.doc_type.in_(doc_types))
                              .order_by(Jenis.sort_order, Jenis.name)).all()
    return [(DOC_TYPES[doc_type], [name for kind, name in rows if kind == doc_type]) for doc_type in doc_types]
