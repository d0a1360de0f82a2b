"""What views, the API and the CLI share: creating, editing and moving
documents through their workflow, each change audited.

Functions here add to the session and never commit: the caller commits once
at the end of the request (or rolls back), so a failed step loses nothing.
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

from blinker import Namespace
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from jdih.core import audit
from jdih.core.errors import UserError
from jdih.core import versioning, workflow
from jdih.core.timeutil import utcnow
from jdih.catalogue.fields import WORKFLOW_FIELDS, field_label, fields_for
from jdih.catalogue.identity import regulation_identity, ruling_identity
from jdih.core.slugs import slugify, strip_markup
from jdih.catalogue.models import (
    DOC_TYPES, IDENTIFIED_TYPES, STATE_DRAFT, VISIBILITY_LABELS,
    Document, Jenis, Term,
)
from jdih.extensions import db

signals = Namespace()
#: Sent after a document got (or changed) its canonical identity, so that
#: pending citations and relations naming it can link themselves.
identity_assigned = signals.signal("identity-assigned")
#: Sent after a PDF attachment's page text was extracted and flushed, so
#: that its structure can be read (sender: the attachment).
text_extracted = signals.signal("text-extracted")


class CatalogueError(UserError):
    """A change refused by a domain rule; ``message`` is for people (Indonesian)."""


class DuplicateIdentity(CatalogueError):
    def __init__(self, existing: Document):
        deleted = " Dokumen itu dihapus; pulihkan bila perlu." if existing.is_deleted else ""
        super().__init__(
            f"Dokumen dengan identitas {existing.display_identity} sudah ada: "
            f"\u201c{existing.judul}\u201d (ID {existing.id}).{deleted}", field="nomor")
        #: Kept apart: the row expires when the refused change rolls back.
        self.existing_id = existing.id


# -- identity and slug -------------------------------------------------------

def identity_for(doc_type: str, jenis: Optional[Jenis], nomor: Optional[str],
                 tahun: Optional[int]) -> Optional[str]:
    """The canonical identity a document with these values would have."""
    if doc_type not in IDENTIFIED_TYPES or jenis is None or not jenis.abbreviation:
        return None
    if doc_type == "putusan":
        return ruling_identity(jenis.abbreviation, nomor) or None
    return regulation_identity(jenis.abbreviation, nomor, tahun) or None


def find_by_identity(identity: str) -> Optional[Document]:
    return db.session.scalar(select(Document).where(Document.identity == identity))


def _unique_slug(base: str, exclude_id: Optional[int] = None) -> str:
    base = base or "dokumen"
    candidate, n = base, 1
    while True:
        query = select(Document.id).where(Document.slug == candidate)
        if exclude_id is not None:
            query = query.where(Document.id != exclude_id)
        if db.session.scalar(query) is None:
            return candidate
        n += 1
        candidate = f"{base}-{n}"


def _slug_base(doc: Document) -> str:
    if doc.identity:
        return slugify(doc.identity)
    year = f" {doc.tahun}" if doc.tahun else ""
    return slugify(f"{strip_markup(doc.judul)[:80]}{year}")


# -- snapshots for the audit log ---------------------------------------------

def _field_value(doc: Document, name: str) -> Any:
    value = getattr(doc, name.removesuffix("_id")) if name.endswith("_id") else getattr(doc, name)
    if name == "subjects":
        return [term.label for term in value]
    if isinstance(value, Jenis):
        return value.name
    if isinstance(value, Term):
        return value.label
    return value


def snapshot(doc: Document) -> dict[str, Any]:
    """Every field of the document's type, with readable values."""
    values = {field.name: _field_value(doc, field.name) for field in fields_for(doc.doc_type)}
    values.update({name: getattr(doc, name) for name in WORKFLOW_FIELDS})
    values["identity"] = doc.identity
    return values


# -- applying form data -------------------------------------------------------

def _subject_terms(labels: Iterable[str]) -> list[Term]:
    """Subjects are free keywords: unknown ones join the vocabulary."""
    terms = []
    for label in dict.fromkeys(l.strip() for l in labels if l and l.strip()):
        term = db.session.scalar(select(Term).where(Term.vocabulary == "subjek", Term.label == label))
        if term is None:
            term = Term(vocabulary="subjek", label=label)
            db.session.add(term)
        terms.append(term)
    return terms


def apply_values(doc: Document, values: dict[str, Any]) -> None:
    """Set the fields of the document's type from ``values`` (missing keys untouched)."""
    for field in fields_for(doc.doc_type):
        if field.name not in values:
            continue
        value = values[field.name]
        if field.kind == "subjects":
            doc.subjects = _subject_terms(value or [])
        elif field.kind == "jenis":
            doc.jenis = db.session.get(Jenis, int(value)) if value else None
        elif field.kind in ("bahasa", "bidang"):
            # Set the relationship, not the id, so snapshots see the new term.
            setattr(doc, field.kind, db.session.get(Term, int(value)) if value else None)
        else:
            setattr(doc, field.name, value if value not in ("",) else None)
    if "visibility" in values and values["visibility"] in VISIBILITY_LABELS:
        doc.visibility = values["visibility"]


def _check_jenis(doc: Document) -> None:
    if doc.jenis is not None and doc.jenis.doc_type != doc.doc_type:
        raise CatalogueError("Jenis tidak cocok dengan tipe dokumen.", field="jenis_id")


def _assign_identity(doc: Document) -> bool:
    """Recompute the identity; refuse a duplicate. True when it changed."""
    identity = identity_for(doc.doc_type, doc.jenis, doc.nomor, doc.tahun)
    if identity:
        existing = find_by_identity(identity)
        if existing is not None and existing.id != doc.id:
            raise DuplicateIdentity(existing)
    changed = identity != doc.identity
    doc.identity = identity
    return changed


# -- the operations -----------------------------------------------------------

def create_document(doc_type: str, values: dict[str, Any]) -> Document:
    if doc_type not in DOC_TYPES:
        raise CatalogueError("Tipe dokumen tidak dikenal.")
    doc = Document(doc_type=doc_type, state=STATE_DRAFT, judul="")
    with db.session.no_autoflush:
        apply_values(doc, values)
        _check_jenis(doc)
        _assign_identity(doc)
        doc.slug = _unique_slug(_slug_base(doc))
        db.session.add(doc)
    db.session.flush()
    audit.record("create", doc, audit.diff({}, snapshot(doc)))
    if doc.identity:
        identity_assigned.send(doc)
    return doc


def _differences(doc: Document, values: dict[str, Any]) -> dict[str, Any]:
    """{label: stored value} of the fields where ``values`` differ from the
    document as stored now (changes ``doc`` in memory: the caller rolls back)."""
    stored = snapshot(doc)
    with db.session.no_autoflush:
        apply_values(doc, values)
    return {field_label(doc.doc_type, name): old
            for name, (old, _new) in audit.diff(stored, snapshot(doc)).items()}


def update_document(doc: Document, values: dict[str, Any],
                    expected_version: Optional[int] = None) -> dict[str, list[Any]]:
    """Apply an edit; returns the audited changes (empty when nothing changed).

    ``expected_version`` is the version the editor loaded: a save based on
    an older one is refused (versioning.StaleEdit), as is one that loses a
    race with another save of the same document."""
    versioning.check(doc, expected_version, lambda: _differences(doc, values))
    before = snapshot(doc)
    with db.session.no_autoflush:
        apply_values(doc, values)
        _check_jenis(doc)
        identity_changed = _assign_identity(doc)
    changes = audit.diff(before, snapshot(doc))
    if changes:
        # Subjects live in another table: touch the row so its version moves too.
        doc.updated_at = utcnow()
        try:
            db.session.flush()
        except StaleDataError as error:
            raise versioning.StaleEdit() from error
        audit.record("edit", doc, changes)
    if identity_changed and doc.identity:
        identity_assigned.send(doc)
    return changes


def publish(doc) -> None:
    workflow.publish(doc, CatalogueError("Dokumen yang dihapus tidak dapat diterbitkan."))


def missing_for_publication(doc: Document) -> list[str]:
    """Labels of the required fields of the document's type left empty.

    The staff form cannot save them empty, but imports and older records
    can hold such drafts; staff publish only complete ones."""
    return [field.label for field in fields_for(doc.doc_type)
            if field.required and _field_value(doc, field.name) in (None, "", [])]


def publish_complete(doc: Document) -> None:
    """Publish from the staff pages: refused while a required field is empty."""
    missing = missing_for_publication(doc)
    if missing:
        raise CatalogueError("Belum dapat diterbitkan: isian wajib " + ", ".join(missing) + " masih kosong.")
    publish(doc)


unpublish = workflow.unpublish
delete = workflow.delete
restore = workflow.restore


def refresh_identities(jenis: Jenis) -> None:
    """Recompute the identity of every document of ``jenis`` (after a rename)."""
    docs = db.session.scalars(select(Document).where(Document.jenis_id == jenis.id)).all()
    for doc in docs:
        before = snapshot(doc)
        if _assign_identity(doc):
            db.session.flush()
            audit.record("edit", doc, audit.diff(before, snapshot(doc)))
            if doc.identity:
                identity_assigned.send(doc)
