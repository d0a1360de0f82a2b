"""Turning database rows into SearchRecords (the app side of the interface).

Each kind of indexed row is a ``Source`` under its key prefix ("document",
"news"): given ids, its loader returns the records of the rows that should
be in the index (deleted rows return nothing, so the drainer removes them).
The sources are declared once, at the bottom, not registered by importers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from jdih.catalogue.models import Attachment, Document
from jdih.relations.queries import derived_statuses
from jdih.search import news_records
from jdih.search.backend import SearchRecord

RecordLoader = Callable[[Session, list[int]], list[SearchRecord]]


def split_key(key: str) -> tuple[str, int]:
    prefix, _, raw_id = key.partition(":")
    return prefix, int(raw_id)


def document_key(doc_id: int) -> str:
    return f"document:{doc_id}"


def _document_body(doc: Document) -> str:
    """Metadata worth finding that has no field of its own."""
    parts = [doc.teu_badan, doc.tempat_penetapan, doc.sumber, doc.keterangan_status,
             doc.penandatangan, doc.pemrakarsa, doc.pemohon, doc.termohon, doc.amar,
             doc.jenis_perkara, doc.pengarang, doc.penerbit, doc.penyelenggara, doc.peserta,
             doc.lokasi, doc.catatan, doc.isbn, doc.nomor_panggil]
    return "\n".join(part for part in parts if part)


def pdf_attachments(doc: Document) -> list[Attachment]:
    return [a for a in doc.attachments if a.is_pdf]


def _document_pages(doc: Document) -> list[tuple[int, str]]:
    """The text of every PDF page, numbered continuously across the PDFs.

    ``locate_page`` maps such a number back to (attachment, page in it), so a
    result can open the right file at the right page.
    """
    pages: list[tuple[int, str]] = []
    for attachment in pdf_attachments(doc):
        pages.extend((len(pages) + 1, page.text) for page in attachment.pages)
    return pages


def locate_page(doc: Document, page_no: int) -> tuple[Attachment, int] | None:
    for attachment in pdf_attachments(doc):
        count = attachment.page_count or len(attachment.pages)
        if page_no <= count:
            return attachment, page_no
        page_no -= count
    return None


def statuses_for(docs: list[Document]) -> dict[int, str]:
    """{id: status} as search shows it: derived from relations, the recorded
    status as the fallback."""
    statuses = {doc.id: doc.status or "" for doc in docs}
    statuses.update({doc_id: status.status or "" for doc_id, status in derived_statuses(docs).items()})
    return statuses


def document_record(doc: Document, status: Optional[str] = None) -> SearchRecord:
    return SearchRecord(
        key=document_key(doc.id), kind="document", title=doc.judul,
        identity=doc.display_identity, nomor=doc.nomor or "", tahun=doc.tahun,
        doc_type=doc.doc_type, jenis=doc.jenis.name if doc.jenis else "",
        jenis_abbrev=doc.jenis.abbreviation if doc.jenis else "",
        status=(doc.status or "") if status is None else status, bidang=doc.bidang.label if doc.bidang else "",
        subjects=[term.label for term in doc.subjects], abstract=doc.abstrak or "",
        body=_document_body(doc), pages=_document_pages(doc), visibility=doc.visibility,
        published=doc.is_published,
        date=doc.tanggal_penetapan or doc.tanggal_dibacakan or doc.tanggal_mulai,
        updated_at=doc.updated_at,
    )


def load_documents(session: Session, ids: list[int]) -> list[SearchRecord]:
    query = (select(Document).where(Document.id.in_(ids), Document.is_deleted.is_(False))
             .options(selectinload(Document.subjects),
                      selectinload(Document.attachments).selectinload(Attachment.pages)))
    docs = list(session.scalars(query))
    statuses = statuses_for(docs)
    return [document_record(doc, statuses[doc.id]) for doc in docs]


def all_document_ids(session: Session) -> Iterable[int]:
    return session.scalars(select(Document.id).where(Document.is_deleted.is_(False)))


def documents_by_id(session: Session, ids: list[int]) -> dict[int, Document]:
    # Attachments in one query: a PDF page hit names its file (locate_page).
    query = select(Document).where(Document.id.in_(ids)).options(selectinload(Document.attachments))
    return {doc.id: doc for doc in session.scalars(query)}


@dataclass(frozen=True)
class Source:
    """One kind of indexed row."""

    #: ids -> records of the rows that belong in the index
    load: RecordLoader
    #: every id that belongs in the index
    all_ids: Callable[[Session], Iterable[int]]
    #: ids -> {id: row} for showing results
    display: Callable[[Session, list[int]], dict[int, Any]]


SOURCES: dict[str, Source] = {
    "document": Source(load_documents, all_document_ids, documents_by_id),
    "news": Source(news_records.load_news, news_records.all_news_ids, news_records.news_by_id),
}


def load_records(session: Session, keys: Iterable[str]) -> tuple[list[SearchRecord], list[str]]:
    """(records to index, keys to remove) for the given keys."""
    by_prefix: dict[str, list[int]] = {}
    for key in set(keys):
        prefix, row_id = split_key(key)
        by_prefix.setdefault(prefix, []).append(row_id)
    records: list[SearchRecord] = []
    for prefix, ids in by_prefix.items():
        source = SOURCES.get(prefix)
        if source is not None:
            records.extend(source.load(session, ids))
    present = {record.key for record in records}
    return records, [key for key in set(keys) if key not in present]


def all_keys(session: Session) -> list[str]:
    return [f"{prefix}:{row_id}" for prefix, source in SOURCES.items() for row_id in source.all_ids(session)]


def iter_all_records(session: Session, batch_size: int = 500) -> Iterable[SearchRecord]:
    """Every record that belongs in the index, in batches (for reindex/verify)."""
    for source in SOURCES.values():
        ids = list(source.all_ids(session))
        for start in range(0, len(ids), batch_size):
            yield from source.load(session, ids[start:start + batch_size])
            session.expunge_all()
