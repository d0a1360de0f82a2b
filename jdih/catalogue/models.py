"""The catalogue: legal documents, their vocabularies and their files.

One ``document`` table holds every type (peraturan, putusan, monografi,
artikel, laporan kegiatan). Type-specific JDIHN fields are nullable columns;
``jdih.catalogue.fields`` says which fields belong to which type, so forms,
detail pages, feeds and the audit log all read the same declaration.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import (
    Column, Date, DateTime, ForeignKey, Index, String, Table, Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jdih.accounts.models import User
from jdih.extensions import db
from jdih.core.timeutil import utcnow

# The five JDIHN document types are fixed by the national standard (each has
# its own metadata shape); the sub-types within them (jenis) are data.
DOC_TYPES = {
    "peraturan": "Peraturan Perundang-undangan",
    "putusan": "Putusan",
    "monografi": "Monografi Hukum",
    "artikel": "Artikel/Majalah Hukum",
    "laporan": "Laporan Kegiatan",
}
#: Types cited by a canonical identity (jenis abbreviation + number).
IDENTIFIED_TYPES = ("peraturan", "putusan")

STATE_DRAFT = "draft"
STATE_PUBLISHED = "published"
STATE_LABELS = {STATE_DRAFT: "Draf", STATE_PUBLISHED: "Terbit"}

VISIBILITY_PUBLIC = "public"
VISIBILITY_PARTNER = "partner"
VISIBILITY_INTERNAL = "internal"
VISIBILITY_LABELS = {
    VISIBILITY_PUBLIC: "Publik",
    VISIBILITY_PARTNER: "Mitra",
    VISIBILITY_INTERNAL: "Internal",
}

ATTACHMENT_ROLES = {
    "naskah": "Naskah",
    "abstrak": "Abstrak",
    "lampiran": "Lampiran",
    "foto": "Foto",
}

VOCABULARIES = {
    "bahasa": "Bahasa",
    "bidang": "Bidang hukum",
    "subjek": "Subjek",
}


class Jenis(db.Model):
    """A sub-type of a document type, e.g. Undang-Undang (UU) or Putusan MK."""

    __tablename__ = "jenis"
    __table_args__ = (UniqueConstraint("doc_type", "name", name="uq_jenis_doc_type_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))
    #: Abbreviation used in canonical identities ("UU", "PKPU", "MK").
    abbreviation: Mapped[str] = mapped_column(String(60), default="")
    #: The citation parser's type for this jenis ("UU", "PUTUSAN_MK", ...).
    citation_type: Mapped[Optional[str]] = mapped_column(String(20), index=True)
    sort_order: Mapped[int] = mapped_column(default=100)

    audit_type = "jenis"

    @property
    def audit_label(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name

    def __repr__(self) -> str:
        return f"<Jenis {self.doc_type}:{self.abbreviation or self.name}>"


class Term(db.Model):
    """An entry of a controlled vocabulary: bahasa, bidang hukum or subjek."""

    __tablename__ = "term"
    __table_args__ = (UniqueConstraint("vocabulary", "label", name="uq_term_vocabulary_label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vocabulary: Mapped[str] = mapped_column(String(20), index=True)
    label: Mapped[str] = mapped_column(String(200))

    audit_type = "term"

    @property
    def audit_label(self) -> str:
        return f"{VOCABULARIES.get(self.vocabulary, self.vocabulary)}: {self.label}"

    def __repr__(self) -> str:
        return f"<Term {self.vocabulary}:{self.label}>"


document_subject = Table(
    "document_subject",
    db.Model.metadata,
    Column("document_id", ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("term.id", ondelete="CASCADE"), primary_key=True),
)


class Document(db.Model):
    __tablename__ = "document"
    __table_args__ = (
        Index("ix_document_listing", "doc_type", "state", "visibility", "is_deleted"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(20))
    jenis_id: Mapped[Optional[int]] = mapped_column(ForeignKey("jenis.id"), index=True)
    jenis: Mapped[Optional[Jenis]] = relationship(lazy="joined")
    #: Normalised canonical identity ("UU 7/2017"); null for untyped documents.
    identity: Mapped[Optional[str]] = mapped_column(String(200), unique=True)
    #: The readable URL segment; set once, kept when the record changes.
    slug: Mapped[str] = mapped_column(String(140), unique=True)

    # -- common JDIHN metadata
    judul: Mapped[str] = mapped_column(Text)
    nomor: Mapped[Optional[str]] = mapped_column(String(120))
    tahun: Mapped[Optional[int]] = mapped_column(index=True)
    teu_badan: Mapped[Optional[str]] = mapped_column(String(300))
    tempat_penetapan: Mapped[Optional[str]] = mapped_column(String(200))
    tanggal_penetapan: Mapped[Optional[date]] = mapped_column(Date)
    tanggal_pengundangan: Mapped[Optional[date]] = mapped_column(Date)
    sumber: Mapped[Optional[str]] = mapped_column(String(300))
    bahasa_id: Mapped[Optional[int]] = mapped_column(ForeignKey("term.id"))
    bahasa: Mapped[Optional[Term]] = relationship(foreign_keys=[bahasa_id])
    bidang_id: Mapped[Optional[int]] = mapped_column(ForeignKey("term.id"))
    bidang: Mapped[Optional[Term]] = relationship(foreign_keys=[bidang_id])
    subjects: Mapped[list[Term]] = relationship(secondary=document_subject, order_by=Term.label)
    lokasi: Mapped[Optional[str]] = mapped_column(String(200))
    abstrak: Mapped[Optional[str]] = mapped_column(Text)
    catatan: Mapped[Optional[str]] = mapped_column(Text)

    # -- peraturan
    #: Status as recorded by staff: Berlaku / Tidak Berlaku / Berlaku Sebagian.
    status: Mapped[Optional[str]] = mapped_column(String(40))
    keterangan_status: Mapped[Optional[str]] = mapped_column(Text)
    penandatangan: Mapped[Optional[str]] = mapped_column(String(200))
    pemrakarsa: Mapped[Optional[str]] = mapped_column(String(200))
    urusan_pemerintahan: Mapped[Optional[str]] = mapped_column(String(200))

    # -- putusan (the court is the jenis)
    tempat_peradilan: Mapped[Optional[str]] = mapped_column(String(200))
    tanggal_dibacakan: Mapped[Optional[date]] = mapped_column(Date)
    pemohon: Mapped[Optional[str]] = mapped_column(Text)
    termohon: Mapped[Optional[str]] = mapped_column(Text)
    tingkat_proses: Mapped[Optional[str]] = mapped_column(String(60))
    jenis_perkara: Mapped[Optional[str]] = mapped_column(String(120))
    amar: Mapped[Optional[str]] = mapped_column(Text)
    status_putusan: Mapped[Optional[str]] = mapped_column(String(120))

    # -- monografi and artikel
    pengarang: Mapped[Optional[str]] = mapped_column(String(300))
    penerbit: Mapped[Optional[str]] = mapped_column(String(200))
    edisi: Mapped[Optional[str]] = mapped_column(String(100))
    nomor_panggil: Mapped[Optional[str]] = mapped_column(String(100))
    deskripsi_fisik: Mapped[Optional[str]] = mapped_column(String(200))
    isbn: Mapped[Optional[str]] = mapped_column(String(40))
    nomor_induk_buku: Mapped[Optional[str]] = mapped_column(String(100))
    eksemplar: Mapped[Optional[int]]
    klasifikasi: Mapped[Optional[str]] = mapped_column(String(100))
    halaman: Mapped[Optional[str]] = mapped_column(String(40))

    # -- laporan kegiatan
    tanggal_mulai: Mapped[Optional[date]] = mapped_column(Date)
    tanggal_selesai: Mapped[Optional[date]] = mapped_column(Date)
    penyelenggara: Mapped[Optional[str]] = mapped_column(String(300))
    peserta: Mapped[Optional[str]] = mapped_column(Text)

    # -- workflow
    state: Mapped[str] = mapped_column(String(20), default=STATE_DRAFT)
    visibility: Mapped[str] = mapped_column(String(20), default=VISIBILITY_PUBLIC)
    is_deleted: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, index=True)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))
    created_by: Mapped[Optional[User]] = relationship(foreign_keys=[created_by_id])
    view_count: Mapped[int] = mapped_column(default=0)
    #: Bumped by every UPDATE and checked in its WHERE clause, so a save
    #: based on an older version is refused (jdih.core.versioning).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    #: Live attachments only; deleted ones stay in the table for the audit log.
    attachments: Mapped[list["Attachment"]] = relationship(
        order_by="Attachment.id",
        primaryjoin="and_(Attachment.document_id == Document.id, Attachment.is_deleted == False)",
        viewonly=True)

    audit_type = "document"

    @property
    def type_label(self) -> str:
        return DOC_TYPES.get(self.doc_type, self.doc_type)

    @property
    def is_published(self) -> bool:
        return self.state == STATE_PUBLISHED

    @property
    def display_identity(self) -> str:
        """The identity as people write it ("Keputusan KPU 360/2024"); the
        stored ``identity`` is its upper-cased, normalised key."""
        if not self.identity or self.jenis is None:
            return self.identity or ""
        prefix = " ".join(self.jenis.abbreviation.split())
        return prefix + self.identity[len(prefix):]

    @property
    def audit_label(self) -> str:
        return f"{self.display_identity} — {self.judul}" if self.identity else self.judul

    @property
    def download_count(self) -> int:
        return sum(a.download_count for a in self.attachments)

    def __repr__(self) -> str:
        return f"<Document {self.id} {self.identity or self.slug}>"


def _listed_in_order(name: str, *order) -> Index:
    """An index for a public listing: published, undeleted rows of a type in
    display order, so "the newest five" reads five index entries instead of
    sorting every row of the type. PostgreSQL only: SQLite cannot index
    NULLS LAST, and the embedded default serves a few thousand rows."""
    listed = (Document.state == STATE_PUBLISHED) & Document.is_deleted.is_(False)
    return Index(name, Document.doc_type, *order, postgresql_where=listed).ddl_if(dialect="postgresql")


_listed_in_order("ix_document_latest", Document.published_at.desc().nulls_last(), Document.id.desc())
_listed_in_order("ix_document_browse", Document.tahun.desc().nulls_last(), Document.id.desc())


class StoredFile(db.Model):
    """A file's bytes, stored once under instance/ by their SHA-256."""

    __tablename__ = "stored_file"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Attachment(db.Model):
    """A file attached to a document in a role (naskah, abstrak, lampiran, foto)."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    document: Mapped[Document] = relationship()
    role: Mapped[str] = mapped_column(String(20))
    #: The uploader's file name, made safe; offered again on download.
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_file.sha256"))
    stored_file: Mapped[StoredFile] = relationship(lazy="joined")
    title: Mapped[Optional[str]] = mapped_column(String(300))
    page_count: Mapped[Optional[int]]
    download_count: Mapped[int] = mapped_column(default=0)
    is_deleted: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    uploaded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"))

    pages: Mapped[list["AttachmentPage"]] = relationship(
        order_by="AttachmentPage.page_no", cascade="all, delete-orphan")

    audit_type = "attachment"

    @property
    def content_type(self) -> str:
        return self.stored_file.content_type

    @property
    def size(self) -> int:
        return self.stored_file.size

    @property
    def role_label(self) -> str:
        return ATTACHMENT_ROLES.get(self.role, self.role)

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    @property
    def audit_label(self) -> str:
        return f"{self.filename} ({self.role_label})"

    def __repr__(self) -> str:
        return f"<Attachment {self.id} {self.filename}>"


class AttachmentPage(db.Model):
    """The extracted text of one PDF page, kept for search and snippets."""

    __tablename__ = "attachment_page"

    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachment.id", ondelete="CASCADE"), primary_key=True)
    page_no: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
