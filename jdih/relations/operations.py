"""Adding and removing relations, overriding status, linking pending ends.

Like the catalogue's operations: they add to the session and never commit;
a refused change raises ``RelationError`` (an Indonesian message) before
anything is added, so the caller's rollback leaves nothing behind.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import date
from typing import Optional

from sqlalchemy import or_, select

from jdih.core import audit
from jdih.catalogue.identity import closest_identity, ends_with_year
from jdih.catalogue.models import IDENTIFIED_TYPES, Document
from jdih.catalogue.operations import CatalogueError, find_by_identity
from jdih.extensions import db
from jdih.relations.identities import typed_identity
from jdih.relations.models import (
    KINDS, RESULTS, STATUSES, SUCCESSION_KINDS, Relation, StatusOverride,
)
from jdih.relations.queries import jenis_index, own_date


class RelationError(CatalogueError):
    """A relation refused by a rule; ``message`` is for people."""


#: Form choices relative to the document being edited: "mencabut" makes it
#: the source, "dicabut_dengan" the target. code -> (kind, it is the target).
DIRECTIONS: dict[str, tuple[str, bool]] = {}
for _kind, (_active, _reverse) in KINDS.items():
    DIRECTIONS[_kind] = (_kind, False)
    DIRECTIONS[_reverse.replace(" ", "_")] = (_kind, True)
DIRECTION_LABELS = {code: (KINDS[kind][1] if incoming else KINDS[kind][0])
                    for code, (kind, incoming) in DIRECTIONS.items()}


@dataclass(frozen=True)
class End:
    """One end of a relation to be made: a document, or an identity alone."""

    identity: str
    doc: Optional[Document] = None

    @classmethod
    def of(cls, doc: Document) -> "End":
        return cls(doc.identity or "", doc)

    @classmethod
    def by_identity(cls, identity: str) -> "End":
        return cls(identity, find_by_identity(identity))

    @property
    def label(self) -> str:
        return self.doc.display_identity if self.doc is not None else jenis_index().label(self.identity)


def parse_other(text: str) -> str:
    """The identity staff typed for the other document, or a clear refusal."""
    identity = typed_identity(text, jenis_index())
    if not identity:
        raise RelationError(
            f"Identitas dokumen \u201c{(text or '').strip()[:100]}\u201d tidak dikenali. Tulis seperti "
            "\u201cUU 7/2017\u201d, \u201cPKPU 8/2024\u201d, \u201cMK 90/PUU-XXI/2023\u201d atau "
            "\u201cUndang-Undang Nomor 7 Tahun 2017\u201d.", field="other")
    if not _is_ruling(identity) and not ends_with_year(identity) and find_by_identity(identity) is None:
        # It would be kept as an uncatalogued end that no document can ever match.
        suggestion = suggest_identity(identity)
        hint = (f"Maksud Anda \u201c{suggestion}\u201d?" if suggestion
                else "Periksa nomor dan tahunnya (tahun empat angka di akhir).")
        raise RelationError(f"Identitas \u201c{identity}\u201d tidak diakhiri tahun yang valid, "
                            f"jadi tidak akan pernah cocok dengan dokumen di katalog. {hint}", field="other")
    return identity


def _is_ruling(identity: str) -> bool:
    return any(identity.startswith(court + " ") for court in jenis_index().courts)


def suggest_identity(identity: str) -> Optional[str]:
    """The catalogued identity closest to ``identity`` (a typo away), or None."""
    prefix = identity.rsplit(" ", 1)[0]
    same_kind = list(db.session.scalars(select(Document.identity).where(
        Document.identity.startswith(prefix + " ", autoescape=True), Document.is_deleted.is_(False))))
    return closest_identity(identity, same_kind or db.session.scalars(
        select(Document.identity).where(Document.identity.is_not(None), Document.is_deleted.is_(False))))


def uncatalogued_warning(relation: Relation) -> Optional[str]:
    """For an end saved without a document: say so, and name the catalogued
    identity it may have meant."""
    for doc, identity in ((relation.source, relation.source_identity),
                          (relation.target, relation.target_identity)):
        if doc is None and identity:
            suggestion = suggest_identity(identity)
            if suggestion:
                return (f"{jenis_index().label(identity)} belum ada di katalog; relasi akan tertaut "
                        f"bila dokumen itu ditambahkan. Bila maksud Anda \u201c{suggestion}\u201d, "
                        "hapus relasi ini dan catat ulang.")
    return None


# -- the rules ------------------------------------------------------------------

def _kind_group(kind: str) -> tuple[str, ...]:
    return SUCCESSION_KINDS if kind in SUCCESSION_KINDS else (kind,)


def find_path(start: str, goal: str, kinds: tuple[str, ...]) -> Optional[list[str]]:
    """Identities from ``start`` to ``goal`` following relations of ``kinds``
    (source -> target), or None. Breadth-first, one query per step."""
    previous: dict[str, Optional[str]] = {start: None}
    frontier = deque([start])
    while frontier:
        level = list(frontier)
        frontier.clear()
        rows = db.session.execute(select(Relation.source_identity, Relation.target_identity).where(
            Relation.kind.in_(kinds), Relation.source_identity.in_(level))).all()
        for source, target in rows:
            if target in previous:
                continue
            previous[target] = source
            if target == goal:
                path = [goal]
                while previous[path[-1]] is not None:
                    path.append(previous[path[-1]])
                return list(reversed(path))
            frontier.append(target)
    return None


def _effective(source: End, effective_date: Optional[date]) -> Optional[date]:
    return effective_date or (own_date(source.doc) if source.doc is not None else None)


def between(source: End, target: End) -> list[Relation]:
    """Existing relations from ``source`` to ``target``."""
    return list(db.session.scalars(select(Relation).where(
        Relation.source_identity == source.identity, Relation.target_identity == target.identity)))


def check(kind: str, source: End, target: End, effective_date: Optional[date] = None) -> None:
    """Refuse self-relations, duplicates, cycles and contradictions."""
    label = KINDS[kind][0]
    if not source.identity or not target.identity:
        raise RelationError("Dokumen ini belum memiliki identitas (jenis, nomor dan tahun); "
                            "lengkapi dulu sebelum mencatat relasi.")
    if source.identity == target.identity:
        raise RelationError("Dokumen tidak dapat berelasi dengan dirinya sendiri.", field="other")
    if source.doc is None and target.doc is None:
        raise RelationError("Salah satu dokumen harus sudah ada di katalog.", field="other")
    if kind == "menguji" and source.doc is not None and source.doc.doc_type != "putusan":
        raise RelationError("Hanya putusan yang dapat menguji dokumen lain.", field="kind")
    existing = between(source, target)
    if any(relation.kind == kind for relation in existing):
        raise RelationError(f"Relasi ini sudah tercatat: {source.label} {label} {target.label}.")
    conflicting = {"mengubah": "mencabut", "mencabut": "mengubah"}.get(kind)
    when = _effective(source, effective_date)
    for relation in existing:
        if relation.kind == conflicting and _effective(source, relation.effective_date) == when:
            raise RelationError(
                f"Relasi bertentangan: {source.label} sudah {KINDS[conflicting][0]} {target.label} "
                f"pada tanggal yang sama. Sebuah dokumen tidak dapat sekaligus mengubah dan mencabut "
                f"dokumen yang sama pada tanggal yang sama.")
    path = find_path(target.identity, source.identity, _kind_group(kind))
    if path:
        labels = " \u2192 ".join(jenis_index().label(identity) for identity in path)
        raise RelationError(
            f"Relasi ditolak karena membentuk lingkaran: {source.label} {label} {target.label}, "
            f"padahal sudah tercatat {labels} (mencabut/mengubah/menetapkan). Periksa arah relasi.")


# -- the operations ---------------------------------------------------------------

def _audit(relation: Relation, action: str) -> None:
    """One entry on each catalogued document, so both histories show it."""
    change = [None, relation.label] if action == "relation_add" else [relation.label, None]
    details = {"relasi": change}
    if relation.pasal:
        details["pasal"] = [None, relation.pasal] if action == "relation_add" else [relation.pasal, None]
    for doc in (relation.source, relation.target):
        if doc is not None:
            audit.record(action, doc, details)


def add(kind: str, source: End, target: End, *, pasal: Optional[str] = None,
        effective_date: Optional[date] = None, result: Optional[str] = None,
        user_id: Optional[int] = None) -> Relation:
    """Record ``source`` --kind--> ``target`` after checking the rules."""
    if kind not in KINDS:
        raise RelationError("Jenis relasi tidak dikenal.", field="kind")
    if result and (kind != "menguji" or result not in RESULTS):
        raise RelationError("Hasil pengujian hanya untuk relasi \u201cmenguji\u201d.", field="result")
    check(kind, source, target, effective_date)
    relation = Relation(kind=kind, source=source.doc, source_identity=source.identity,
                        target=target.doc, target_identity=target.identity,
                        pasal=(pasal or "").strip() or None, effective_date=effective_date,
                        result=result or None, created_by_id=user_id)
    db.session.add(relation)
    db.session.flush()
    _audit(relation, "relation_add")
    return relation


def add_from_document(doc: Document, direction: str, other_text: str, **details) -> Relation:
    """What the edit page does: ``doc`` <direction> the document staff typed."""
    if doc.doc_type not in IDENTIFIED_TYPES:
        raise RelationError("Relasi hanya untuk peraturan dan putusan.")
    if direction not in DIRECTIONS:
        raise RelationError("Jenis relasi tidak dikenal.", field="kind")
    kind, doc_is_target = DIRECTIONS[direction]
    other = End.by_identity(parse_other(other_text))
    this = End.of(doc)
    source, target = (other, this) if doc_is_target else (this, other)
    return add(kind, source, target, **details)


def remove(relation: Relation) -> None:
    _audit(relation, "relation_remove")
    db.session.delete(relation)


def link_pending(doc: Document) -> int:
    """Connect relations waiting for ``doc``'s identity; keep stored identities
    in step when it changes. Returns how many were linked."""
    identity = doc.identity
    if not identity or doc.id is None:
        return 0
    linked = 0
    rows = db.session.scalars(select(Relation).where(or_(
        Relation.source_id == doc.id, Relation.target_id == doc.id,
        Relation.source_identity == identity, Relation.target_identity == identity)))
    for relation in rows:
        for end in ("source", "target"):
            if getattr(relation, f"{end}_id") == doc.id:
                setattr(relation, f"{end}_identity", identity)
            elif getattr(relation, f"{end}_id") is None and getattr(relation, f"{end}_identity") == identity:
                setattr(relation, end, doc)
                linked += 1
        if relation.source_id is not None and relation.source_id == relation.target_id:
            # Only possible when an identity was changed onto the other end's.
            db.session.delete(relation)
    if linked:
        db.session.flush()
        audit.record("edit", doc, {"relasi_tertaut": [None, linked]})
    return linked


def on_identity_assigned(doc: Document, **_: object) -> None:
    """A document got its identity: relations waiting for it link now."""
    link_pending(doc)


def set_override(doc: Document, status: Optional[str], reason: str, user_id: Optional[int] = None) -> None:
    """Set (status given) or clear (status empty) the staff status; audited."""
    current = db.session.get(StatusOverride, doc.id)
    reason = (reason or "").strip()
    if status:
        if status not in STATUSES:
            raise RelationError("Status tidak dikenal.", field="status")
        if not reason:
            raise RelationError("Tuliskan alasan penetapan status.", field="reason")
    before = {"status_ditetapkan": current.status if current else None,
              "alasan_status": current.reason if current else None}
    if not status:
        if current is None:
            return
        db.session.delete(current)
        after = {"status_ditetapkan": None, "alasan_status": reason or None}
    elif current is None:
        db.session.add(StatusOverride(document_id=doc.id, status=status, reason=reason,
                                      created_by_id=user_id))
        after = {"status_ditetapkan": status, "alasan_status": reason}
    else:
        current.status, current.reason, current.created_by_id = status, reason, user_id
        after = {"status_ditetapkan": status, "alasan_status": reason}
    changes = audit.diff(before, after)
    if changes:
        audit.record("status_override", doc, changes)
