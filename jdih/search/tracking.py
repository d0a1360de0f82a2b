"""Which index entries a database change affects.

The outbox asks here after every flush: for each changed row of a tracked
model, the keys of the index entries to refresh. A document's entry shows
its jenis, terms, files and the status its relations give it, so a change
to any of those refreshes the documents concerned.
"""
from __future__ import annotations

from typing import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import object_session

from jdih.catalogue.models import Attachment, AttachmentPage, Document, Jenis, Term, document_subject
from jdih.news.models import News
from jdih.relations.models import Relation, StatusOverride
from jdih.search.news_records import news_key
from jdih.search.records import document_key


def document_keys(doc: Document) -> list[str]:
    """The document, and the documents it revokes, amends or reviews (their
    status follows it)."""
    if not doc.id:
        return []
    keys = [document_key(doc.id)]
    session = object_session(doc)
    if session is not None:
        target_ids = session.scalars(select(Relation.target_id).where(
            Relation.source_id == doc.id, Relation.target_id.is_not(None)))
        keys.extend(document_key(doc_id) for doc_id in target_ids)
    return keys


def attachment_keys(attachment: Attachment) -> list[str]:
    return [document_key(attachment.document_id)] if attachment.document_id else []


def page_keys(page: AttachmentPage) -> list[str]:
    session = object_session(page)
    attachment = session.get(Attachment, page.attachment_id) if session and page.attachment_id else None
    return attachment_keys(attachment) if attachment else []


def jenis_keys(jenis: Jenis) -> list[str]:
    session = object_session(jenis)
    if session is None or jenis.id is None:
        return []
    ids = session.execute(select(Document.id).where(Document.jenis_id == jenis.id)).scalars()
    return [document_key(doc_id) for doc_id in ids]


def term_keys(term: Term) -> list[str]:
    session = object_session(term)
    if session is None or term.id is None:
        return []
    query = select(Document.id).where((Document.bahasa_id == term.id) | (Document.bidang_id == term.id))
    ids = set(session.execute(query).scalars())
    ids.update(session.execute(select(document_subject.c.document_id)
                               .where(document_subject.c.term_id == term.id)).scalars())
    return [document_key(doc_id) for doc_id in ids]


def news_keys(news: News) -> list[str]:
    return [news_key(news.id)] if news.id else []


def relation_keys(relation: Relation) -> list[str]:
    """Both ends: the status of the target, the relations card of both."""
    return [document_key(doc_id) for doc_id in (relation.source_id, relation.target_id) if doc_id]


def override_keys(override: StatusOverride) -> list[str]:
    return [document_key(override.document_id)]


#: model class -> function(row) returning the index keys a change to it affects.
TRACKED: dict[type, Callable[[object], Iterable[str]]] = {
    Document: document_keys,
    Attachment: attachment_keys,
    AttachmentPage: page_keys,
    Jenis: jenis_keys,
    Term: term_keys,
    News: news_keys,
    Relation: relation_keys,
    StatusOverride: override_keys,
}
