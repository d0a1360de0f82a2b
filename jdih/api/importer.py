"""Bulk import: plan row by row (the dry run), then apply in one transaction.

The plan says for every row whether it would create a document, update the
one with the same canonical identity (or, for types without identity, the
same type, title and year), change nothing, or be refused and why. Applying
goes through ``jdih.catalogue.operations``, so every change is audited and
the search index follows; the caller commits once or rolls back everything.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Optional

from sqlalchemy import func, select

from jdih.api.columns import BY_NAME, STATE_WORDS, VISIBILITY_WORDS, Column
from jdih.api.import_changes import FieldChange, field_changes
from jdih.api.import_files import SourceRow
from jdih.catalogue import operations
from jdih.catalogue.fields import SUBJECT_MAX, fields_for, max_length
from jdih.catalogue.models import DOC_TYPES, IDENTIFIED_TYPES, Document, Jenis
from jdih.catalogue.vocabulary import term_by_label
from jdih.core.errors import UserError
from jdih.extensions import db

CREATE, UPDATE, UNCHANGED, REFUSE = "create", "update", "unchanged", "refuse"
ACTION_LABELS = {CREATE: "Dibuat", UPDATE: "Diperbarui", UNCHANGED: "Tidak berubah", REFUSE: "Ditolak"}
MIN_YEAR, MAX_YEAR = 1800, 2100
TYPE_WORDS = {**{key: key for key in DOC_TYPES}, **{label.lower(): key for key, label in DOC_TYPES.items()},
              "laporan-kegiatan": "laporan", "laporan kegiatan": "laporan"}
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


@dataclass
class RowPlan:
    number: int
    action: str
    doc_type: Optional[str] = None
    judul: str = ""
    key: str = ""
    messages: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    term_labels: dict[str, str] = field(default_factory=dict)
    state: Optional[str] = None
    existing_id: Optional[int] = None
    #: For an update: what it changes, field by field (shown before confirming).
    changes: list[FieldChange] = field(default_factory=list)
    #: The document version the row was exported at (column versi), if given.
    version: Optional[int] = None

    @property
    def identity(self) -> str:
        """The canonical identity matched on ("" for types without one)."""
        return "" if "|" in self.key else self.key

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass
class Plan:
    rows: list[RowPlan]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def refused(self) -> list[RowPlan]:
        return [row for row in self.rows if row.action == REFUSE]

    @property
    def to_apply(self) -> list[RowPlan]:
        return [row for row in self.rows if row.action in (CREATE, UPDATE)]


class Refused(ValueError):
    pass


# -- reading one cell ----------------------------------------------------------------

def _text(value: Any) -> Optional[str]:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _year(value: Any) -> int:
    text = _text(value)
    if text is None or not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise Refused(f"Tahun tidak valid: \u201c{text or ''}\u201d (isi empat angka, {MIN_YEAR}\u2013{MAX_YEAR}).")
    return int(text)


def _date(value: Any, column: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if _DMY.match(text):
            day, month, year = map(int, _DMY.match(text).groups())
            return date(year, month, day)
        return date.fromisoformat(text[:10])
    except ValueError:
        raise Refused(f"Tanggal tidak valid di kolom {column}: \u201c{text}\u201d (gunakan TTTT-BB-HH).")


def _int(value: Any, column: str) -> int:
    text = _text(value) or ""
    if not text.isdigit():
        raise Refused(f"Kolom {column} harus berupa bilangan bulat: \u201c{text}\u201d.")
    return int(text)


def _subjects(value: Any) -> list[str]:
    subjects = [part.strip() for part in re.split(r"[;\n]", str(value)) if part.strip()]
    if any(len(subject) > SUBJECT_MAX for subject in subjects):
        raise Refused(f"Kolom subjek terlalu panjang (maksimal {SUBJECT_MAX} karakter per subjek).")
    return subjects


def _within_limit(text: Optional[str], column: Column) -> Optional[str]:
    """``text`` if the field's column holds it; refused otherwise."""
    limit = max_length(column.field)
    if text is not None and limit is not None and len(text) > limit:
        raise Refused(f"Kolom {column.name} terlalu panjang (maksimal {limit} karakter).")
    return text


# -- the vocabulary, read once per plan ------------------------------------------------

class Vocabulary:
    def __init__(self) -> None:
        self.jenis: dict[tuple[str, str], Jenis] = {}
        self.type_of_jenis: dict[str, str] = {}
        for jenis in db.session.scalars(select(Jenis)):
            for word in (jenis.name, jenis.abbreviation):
                if word:
                    self.jenis.setdefault((jenis.doc_type, word.lower()), jenis)
                    self.type_of_jenis.setdefault(word.lower(), jenis.doc_type)

    def find_jenis(self, doc_type: str, *words: Optional[str]) -> Optional[Jenis]:
        for word in words:
            if word and (doc_type, word.strip().lower()) in self.jenis:
                return self.jenis[(doc_type, word.strip().lower())]
        return None

    def type_for(self, jenis_word: str) -> Optional[str]:
        return self.type_of_jenis.get(jenis_word.strip().lower())


# -- planning ------------------------------------------------------------------------

def _doc_type(row: SourceRow) -> str:
    raw = _text(row.values.get("tipe"))
    if raw is None:
        raise Refused("Kolom tipe kosong.")
    doc_type = TYPE_WORDS.get(raw.lower())
    if doc_type is None:
        raise Refused(f"Tipe dokumen tidak dikenal: \u201c{raw}\u201d.")
    return doc_type


def _field_value(column: Column, raw: Any, doc_type: str) -> Any:
    if column.kind == "year":
        return _year(raw)
    if column.kind == "date":
        return _date(raw, column.name)
    if column.kind == "int":
        return _int(raw, column.name)
    if column.kind == "subjects":
        return _subjects(raw)
    text = _within_limit(_text(raw), column)
    spec = next(f for f in fields_for(doc_type) if f.name == column.field)
    if spec.choices:
        match = next((choice for choice in spec.choices if choice.lower() == text.lower()), None)
        if match is None:
            raise Refused(f"Nilai kolom {column.name} tidak dikenal: \u201c{text}\u201d "
                          f"(pilihan: {', '.join(spec.choices)}).")
        return match
    return text


def _read_values(row: SourceRow, plan: RowPlan, vocabulary: Vocabulary) -> None:
    doc_type = plan.doc_type
    own_fields = {f.name: f for f in fields_for(doc_type)}
    jenis_word = _text(row.values.get("jenis"))
    jenis = vocabulary.find_jenis(doc_type, jenis_word, _text(row.values.get("singkatan_jenis")))
    if jenis is None:
        raise Refused(f"Jenis tidak dikenal untuk tipe {doc_type}: \u201c{jenis_word or ''}\u201d."
                      if jenis_word else "Kolom jenis kosong.")
    plan.values["jenis_id"] = jenis.id
    problems = []
    for name, raw in row.values.items():
        column = BY_NAME.get(name)
        if column is None or column.field not in own_fields or column.kind in ("jenis",) or raw is None:
            continue
        if column.kind == "term":
            plan.term_labels[column.field] = str(raw).strip()
            continue
        try:
            plan.values[column.field] = _field_value(column, raw, doc_type)
        except Refused as error:
            problems.append(str(error))
    if problems:
        raise Refused(" ".join(problems))
    if _text(row.values.get("versi")) is not None:
        plan.version = _int(row.values["versi"], "versi")
    state = _text(row.values.get("status_terbit"))
    if state is not None:
        if state.lower() not in STATE_WORDS:
            raise Refused(f"Status terbit tidak dikenal: \u201c{state}\u201d (draf atau terbit).")
        plan.state = STATE_WORDS[state.lower()]
    visibility = _text(row.values.get("visibilitas"))
    if visibility is not None:
        if visibility.lower() not in VISIBILITY_WORDS:
            raise Refused(f"Visibilitas tidak dikenal: \u201c{visibility}\u201d (publik, mitra, atau internal).")
        plan.values["visibility"] = VISIBILITY_WORDS[visibility.lower()]


def _check_required(plan: RowPlan) -> None:
    missing = [spec.label for spec in fields_for(plan.doc_type)
               if spec.required and spec.kind != "jenis" and plan.values.get(spec.name) in (None, "", [])]
    if missing:
        raise Refused("Wajib diisi: " + ", ".join(missing) + ".")


def _match_key(plan: RowPlan, jenis: Jenis) -> str:
    values = plan.values
    if plan.doc_type in IDENTIFIED_TYPES:
        identity = operations.identity_for(plan.doc_type, jenis, values.get("nomor"), values.get("tahun"))
        if identity:
            return identity
        if plan.doc_type == "putusan":
            raise Refused("Nomor putusan wajib diisi.")
    return f"{plan.doc_type}|{(values.get('judul') or '').strip().lower()}|{values.get('tahun')}"


def plan_row(row: SourceRow, vocabulary: Vocabulary) -> RowPlan:
    plan = RowPlan(number=row.number, action=CREATE, judul=_text(row.values.get("judul")) or "")
    try:
        plan.doc_type = _doc_type(row)
        _read_values(row, plan, vocabulary)
        _check_required(plan)
        plan.key = _match_key(plan, db.session.get(Jenis, plan.values["jenis_id"]))
    except Refused as error:
        plan.action = REFUSE
        plan.messages.append(str(error))
    return plan


def _existing(plans: list[RowPlan]) -> dict[str, Document]:
    """Documents matching the plans' keys, found in a few batched queries."""
    identities = [p.key for p in plans if p.key and "|" not in p.key]
    found: dict[str, Document] = {}
    for start in range(0, len(identities), 500):
        chunk = identities[start:start + 500]
        for doc in db.session.scalars(select(Document).where(Document.identity.in_(chunk))):
            found[doc.identity] = doc
    untyped = {p.doc_type for p in plans if "|" in p.key}
    if untyped:
        titles = {p.key.split("|")[1] for p in plans if "|" in p.key}
        rows = db.session.scalars(select(Document).where(
            Document.doc_type.in_(untyped), func.lower(Document.judul).in_(titles)))
        for doc in rows:
            found.setdefault(f"{doc.doc_type}|{doc.judul.strip().lower()}|{doc.tahun}", doc)
    return found


def make_plan(rows: list[SourceRow]) -> Plan:
    vocabulary = Vocabulary()
    plans = [plan_row(row, vocabulary) for row in rows]
    first_row: dict[str, int] = {}
    for plan in plans:
        if plan.action == REFUSE:
            continue
        if plan.key in first_row:
            plan.action = REFUSE
            plan.messages.append(f"Duplikat dalam berkas: sama dengan baris {first_row[plan.key]}.")
        else:
            first_row[plan.key] = plan.number
    existing = _existing([p for p in plans if p.action != REFUSE])
    for plan in plans:
        doc = existing.get(plan.key) if plan.action != REFUSE else None
        if doc is not None:
            _match_existing(plan, doc)
    return Plan(plans)


def _match_existing(plan: RowPlan, doc: Document) -> None:
    plan.existing_id = doc.id
    if doc.is_deleted:
        plan.action = REFUSE
        plan.messages.append(f"Dokumen yang cocok (ID {doc.id}) sudah dihapus; pulihkan dahulu.")
    elif doc.doc_type != plan.doc_type:
        plan.action = REFUSE
        plan.messages.append(f"Identitas {plan.key} sudah dipakai dokumen bertipe {doc.doc_type}.")
    elif plan.version is not None and plan.version != doc.version:
        plan.action = REFUSE
        plan.messages.append(f"Dokumen yang cocok (ID {doc.id}) sudah diubah sejak berkas ini dibuat "
                             f"(versi berkas {plan.version}, versi tersimpan {doc.version}); ekspor ulang, "
                             "atau kosongkan kolom versi untuk menimpa.")
    else:
        plan.changes = field_changes(doc, plan.values, plan.term_labels, plan.state)
        plan.action = UPDATE if plan.changes else UNCHANGED


# -- applying ------------------------------------------------------------------------

def _with_terms(plan: RowPlan, term_ids: dict[tuple[str, str], int]) -> dict[str, Any]:
    """The row's values with bahasa/bidang labels turned into term ids
    (a label the vocabulary lacks joins it, as subjects do)."""
    values = dict(plan.values)
    for name, label in plan.term_labels.items():
        key = (name.removesuffix("_id"), label)
        if key not in term_ids:
            term = term_by_label(*key)
            if term.id is None:
                db.session.flush()
            term_ids[key] = term.id
        values[name] = term_ids[key]
    return values


def apply_row(plan: RowPlan, publish_new: bool, term_ids: dict[tuple[str, str], int]) -> Document:
    values = _with_terms(plan, term_ids)
    if plan.action == CREATE:
        doc = operations.create_document(plan.doc_type, values)
        state = plan.state or ("published" if publish_new else "draft")
    else:
        doc = db.session.get(Document, plan.existing_id)
        operations.update_document(doc, values, expected_version=plan.version)
        state = plan.state
    if state == "published":
        operations.publish(doc)
    elif state == "draft":
        operations.unpublish(doc)
    return doc


class ApplyFailed(RuntimeError):
    def __init__(self, number: int, message: str):
        super().__init__(f"Baris {number}: {message}")
        self.number = number
        self.message = message


def apply_plan(plan: Plan, publish_new: bool = False,
               progress: Optional[Callable[[int, int], None]] = None) -> tuple[int, int]:
    """Apply every create and update; (created, updated). The caller commits,
    or rolls back on ApplyFailed (or any other error) so nothing is kept.
    ``progress(done, total)`` hears after each row."""
    created = updated = 0
    term_ids: dict[tuple[str, str], int] = {}
    rows = plan.to_apply
    for done, row in enumerate(rows, start=1):
        try:
            apply_row(row, publish_new, term_ids)
        except UserError as error:  # a domain refusal, or a save racing this one (StaleEdit)
            raise ApplyFailed(row.number, error.message) from error
        if row.action == CREATE:
            created += 1
        else:
            updated += 1
        if progress is not None:
            progress(done, len(rows))
    return created, updated
