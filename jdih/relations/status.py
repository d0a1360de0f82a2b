"""Status and timeline derived from relations: plain functions over plain data.

No database and no Flask here. ``jdih.relations.queries`` turns rows into
``DocRef``/``Fact`` values; these functions decide what they mean:

- a document revoked (mencabut) by one in force is Tidak Berlaku;
- one reviewed by a ruling that granted the petition is Berlaku Sebagian;
- one amended (mengubah) or enacted as law (menetapkan) is Berlaku;
- otherwise the status staff recorded on the document stands;
- a staff override beats all of the above.

"In force" for the acting document means published and not deleted, so
unpublishing or deleting a revoking law revives the one it revoked.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Optional, Sequence

from jdih.core.timeutil import format_day
from jdih.relations.models import (
    GRANTED_RESULTS, KINDS, RESULTS, STATUS_BERLAKU, STATUS_BERLAKU_SEBAGIAN,
    STATUS_TIDAK_BERLAKU,
)

SOURCE_OVERRIDE = "override"
SOURCE_RELATIONS = "relations"
SOURCE_RECORDED = "recorded"
#: How pages name where a status comes from.
SOURCE_LABELS = {
    SOURCE_OVERRIDE: "ditetapkan staf",
    SOURCE_RELATIONS: "diturunkan dari relasi",
    SOURCE_RECORDED: "status tercatat",
}


@dataclass(frozen=True)
class DocRef:
    """One end of a relation: a catalogued document or just an identity."""

    identity: str
    #: As people write it ("Keputusan KPU 360/2024").
    label: str
    id: Optional[int] = None
    slug: Optional[str] = None
    judul: Optional[str] = None
    #: Published and not deleted: only such documents act on others.
    in_force: bool = False
    #: Its own date: pengundangan, else penetapan, else dibacakan.
    date: Optional[date] = None
    #: Its year, to order undated documents in a chain.
    year: Optional[int] = None
    #: A document the reader may not read: counted for status, never named.
    hidden: bool = False

    @property
    def catalogued(self) -> bool:
        return self.id is not None


@dataclass(frozen=True)
class Fact:
    """One relation as seen from one of its documents."""

    relation_id: int
    kind: str
    #: True when the document looked at is the target ("diubah dengan").
    incoming: bool
    other: DocRef
    #: The source's own date, for when the relation has no date of its own.
    source_date: Optional[date] = None
    effective_date: Optional[date] = None
    pasal: Optional[str] = None
    result: Optional[str] = None

    @property
    def effective(self) -> Optional[date]:
        """When it takes effect: its own date, else the acting document's."""
        return self.effective_date or self.source_date

    @property
    def label(self) -> str:
        """"mencabut" or "dicabut dengan", as seen from this side."""
        active, reverse = KINDS[self.kind]
        return reverse if self.incoming else active

    @property
    def result_label(self) -> str:
        return RESULTS.get(self.result or "", "")

    @property
    def acts(self) -> bool:
        """An incoming relation whose acting document is in force."""
        return self.incoming and self.other.in_force


@dataclass(frozen=True)
class DerivedStatus:
    #: Berlaku / Berlaku Sebagian / Tidak Berlaku, or None when nothing is known.
    status: Optional[str] = None
    #: Why: "dicabut dengan UU 7/2017", "diubah dengan X, Y", an override's reason.
    detail: str = ""
    #: SOURCE_OVERRIDE, SOURCE_RELATIONS, SOURCE_RECORDED or None.
    source: Optional[str] = None
    revoked_by: tuple[DocRef, ...] = ()
    amended_by: tuple[DocRef, ...] = ()
    enacted_by: tuple[DocRef, ...] = ()
    #: Rulings that granted a review: (ruling, articles, result label).
    annulled_by: tuple[tuple[DocRef, Optional[str], str], ...] = ()
    #: What relations say when an override hides it (for staff).
    underlying: Optional["DerivedStatus"] = None

    @property
    def text(self) -> str:
        """"Tidak Berlaku — dicabut dengan UU 7/2017"."""
        if not self.status:
            return ""
        return f"{self.status} \u2014 {self.detail}" if self.detail else self.status

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source or "", "")

    @property
    def css(self) -> str:
        return (self.status or "").lower().replace(" ", "-")

    def to_json(self) -> dict:
        return {"status": self.status, "keterangan": self.detail, "teks": self.text,
                "sumber": self.source}


#: How a status names what the reader may not read.
HIDDEN_LABEL = "dokumen terbatas"


def masked(ref: DocRef) -> DocRef:
    """``ref`` as a reader who may not read it sees it: it still acts on
    dates (for status), but has no identity, title, slug or id."""
    return DocRef(identity="", label=HIDDEN_LABEL, in_force=ref.in_force, date=ref.date,
                  year=ref.year, hidden=True)


def _name_list(refs: Iterable[DocRef]) -> list[str]:
    """Labels of the refs; hidden ones once, counted ("2 dokumen terbatas")."""
    refs = list(refs)
    names = [ref.label for ref in refs if not ref.hidden]
    hidden = sum(ref.hidden for ref in refs)
    if hidden:
        names.append(HIDDEN_LABEL if hidden == 1 else f"{hidden} {HIDDEN_LABEL}")
    return names


def _names(refs: Iterable[DocRef]) -> str:
    return ", ".join(_name_list(refs))


def _order(fact: Fact) -> tuple:
    """Date order; an undated act goes by its year, then after the dated ones."""
    when = fact.effective or (date(fact.other.year, 12, 31) if fact.other.year else None)
    return (when is None, when or date.min, fact.effective is None, fact.other.label)


def _by_date(facts: Iterable[Fact]) -> list[Fact]:
    return sorted(facts, key=_order)


def _applies(fact: Fact, day: Optional[date], today: date) -> bool:
    """Whether an acting relation has taken effect by ``day`` (None: today).

    One rule for today and for any date: a dated relation counts from its
    date. An undated one counts from today on (its acting document is in
    force now), and on a past day once its acting document's year is over
    (a law of 2019 was in force by 31 December 2019); otherwise it cannot
    be placed, so it does not count.
    """
    if not fact.acts:
        return False
    day = day or today
    when = fact.effective
    if when is not None:
        return when <= day
    if day >= today:
        return True
    return fact.other.year is not None and date(fact.other.year, 12, 31) <= day


def _annulment_detail(annulled: Sequence[tuple[DocRef, Optional[str], str]]) -> str:
    """"diuji dengan MK 90/PUU-XXI/2023 (dikabulkan sebagian: Pasal 169 huruf q), ..."."""
    parts = []
    for ruling, pasal, result in annulled:
        parts.append(f"{ruling.label} ({result}: {pasal})" if pasal else f"{ruling.label} ({result})")
    return "diuji dengan " + ", ".join(parts)


def from_relations(facts: Iterable[Fact], day: Optional[date] = None,
                   today: Optional[date] = None) -> DerivedStatus:
    """What the relations alone say about a document (on ``day``, or today)."""
    today = today or date.today()
    acting = _by_date(f for f in facts if _applies(f, day, today))
    revoked = tuple(f.other for f in acting if f.kind == "mencabut")
    if revoked:
        return DerivedStatus(STATUS_TIDAK_BERLAKU, f"dicabut dengan {_names(revoked)}",
                             SOURCE_RELATIONS, revoked_by=revoked)
    amended = tuple(f.other for f in acting if f.kind == "mengubah")
    enacted = tuple(f.other for f in acting if f.kind == "menetapkan")
    annulled = tuple((f.other, f.pasal, f.result_label) for f in acting
                     if f.kind == "menguji" and f.result in GRANTED_RESULTS)
    parts = []
    if enacted:
        parts.append(f"ditetapkan dengan {_names(enacted)}")
    if amended:
        parts.append(f"diubah dengan {_names(amended)}")
    if annulled:
        parts.append(_annulment_detail(annulled))
    if not parts:
        return DerivedStatus()
    status = STATUS_BERLAKU_SEBAGIAN if annulled else STATUS_BERLAKU
    return DerivedStatus(status, "; ".join(parts), SOURCE_RELATIONS, amended_by=amended,
                         enacted_by=enacted, annulled_by=annulled)


def derive(facts: Iterable[Fact], recorded: Optional[str] = None,
           override: Optional[tuple[str, str]] = None, today: Optional[date] = None,
           recorded_note: Optional[str] = None) -> DerivedStatus:
    """Today's status: override, else relations, else the recorded status.

    ``override`` is (status, reason); ``recorded`` and ``recorded_note`` are
    ``Document.status`` and ``Document.keterangan_status``.
    """
    derived = from_relations(facts, today=today)
    if not derived.status and recorded:
        derived = DerivedStatus(recorded, (recorded_note or "").strip(), SOURCE_RECORDED)
    if override:
        status, reason = override
        return DerivedStatus(status, reason, SOURCE_OVERRIDE, underlying=derived)
    return derived


# -- status on a date ----------------------------------------------------------

BELUM_BERLAKU = "Belum Berlaku"
TIDAK_DIKETAHUI = "Tidak Diketahui"


@dataclass(frozen=True)
class StatusOnDate:
    day: date
    #: Berlaku / Berlaku Sebagian / Tidak Berlaku / Belum Berlaku / Tidak Diketahui.
    status: str
    detail: str = ""
    #: The amendments in effect that day, oldest first: the version in force.
    amendments: tuple[DocRef, ...] = ()
    revoked_by: tuple[DocRef, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def in_force(self) -> Optional[bool]:
        if self.status in (STATUS_BERLAKU, STATUS_BERLAKU_SEBAGIAN):
            return True
        return None if self.status == TIDAK_DIKETAHUI else False

    @property
    def version(self) -> str:
        """"naskah asli" or "sebagaimana diubah dengan X dan Y"."""
        if not self.amendments:
            return "naskah asli (belum ada perubahan)"
        names = _name_list(self.amendments)
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " dan " + names[-1]
        return f"sebagaimana diubah dengan {joined}"

    def to_json(self) -> dict:
        return {"tanggal": self.day.isoformat(), "status": self.status, "keterangan": self.detail,
                "berlaku": self.in_force, "versi": self.version,
                "perubahan": [ref.identity for ref in self.amendments if not ref.hidden],
                "catatan": list(self.notes)}


def status_on(facts: Sequence[Fact], day: date, own_date: Optional[date],
              recorded: Optional[str] = None, override: Optional[tuple[str, str]] = None,
              today: Optional[date] = None, recorded_note: Optional[str] = None) -> StatusOnDate:
    """Whether a document was in force on ``day``, and in which version.

    ``own_date`` is when the document itself took effect (pengundangan or
    penetapan). Relations without any date are placed by ``_applies`` and
    named in ``notes``. From today on the answer is today's status
    (``derive``: override, relations, recorded), so the page, the badge and
    this answer never disagree.
    """
    today = today or date.today()
    notes = tuple(f"Tanggal berlaku relasi \u201c{f.label} {f.other.label}\u201d tidak diketahui."
                  for f in facts if f.acts and f.effective is None)
    if own_date is not None and day < own_date:
        return StatusOnDate(day, BELUM_BERLAKU, f"baru berlaku sejak {format_day(own_date)}",
                            notes=notes)
    amendments = tuple(f.other for f in _by_date(facts)
                       if f.kind == "mengubah" and _applies(f, day, today))
    current = derive(facts, recorded, override, today, recorded_note) if day >= today else DerivedStatus()
    if current.status:
        return StatusOnDate(day, current.status, current.detail, amendments=amendments,
                            revoked_by=current.revoked_by, notes=notes)
    derived = from_relations(facts, day=day, today=today)
    if derived.status == STATUS_TIDAK_BERLAKU:
        return StatusOnDate(day, STATUS_TIDAK_BERLAKU, derived.detail,
                            revoked_by=derived.revoked_by, notes=notes)
    if own_date is None and not derived.status:
        notes += ("Tanggal penetapan/pengundangan dokumen ini tidak tercatat.",)
    if recorded == STATUS_TIDAK_BERLAKU and not derived.status:
        # Staff recorded it as no longer in force, but no dated relation says since when.
        return StatusOnDate(day, TIDAK_DIKETAHUI, "status tercatat Tidak Berlaku tanpa tanggal "
                            "pencabutan", amendments=amendments, notes=notes)
    return StatusOnDate(day, derived.status or STATUS_BERLAKU, derived.detail,
                        amendments=amendments, notes=notes)


# -- timeline -----------------------------------------------------------------

@dataclass(frozen=True)
class Event:
    when: Optional[date]
    #: penetapan, pengundangan, dibacakan, or a relation kind.
    kind: str
    text: str
    ref: Optional[DocRef] = None
    extra: str = ""


@dataclass(frozen=True)
class OwnDates:
    penetapan: Optional[date] = None
    pengundangan: Optional[date] = None
    dibacakan: Optional[date] = None


_INCOMING_TEXT = {
    "mencabut": "Dicabut dengan",
    "mengubah": "Diubah dengan",
    "menetapkan": "Ditetapkan menjadi undang-undang dengan",
    "menguji": "Diuji dengan",
    "melaksanakan": "Dilaksanakan dengan",
}


def _fact_extra(fact: Fact) -> str:
    bits = [fact.result_label, fact.pasal or ""]
    return " · ".join(bit for bit in bits if bit)


def timeline(own: OwnDates, facts: Iterable[Fact],
             enactments: Optional[dict[str, Sequence[Fact]]] = None) -> list[Event]:
    """The document's life in date order; undated events last.

    Shows its own dates and what others did to it (amendments, reviews,
    revocation, enactment). ``enactments`` maps an amending document's
    identity to the facts of it being enacted as law, so that a chain such
    as "diubah dengan Perppu 2/2020, ditetapkan dengan UU 6/2020" reads in
    one place. Implementing regulations, and those resting on it
    (mengingat), are left to the relations card.
    """
    events = []
    for kind, when, text in (("penetapan", own.penetapan, "Ditetapkan"),
                             ("pengundangan", own.pengundangan, "Diundangkan"),
                             ("dibacakan", own.dibacakan, "Dibacakan")):
        if when:
            events.append(Event(when, kind, text))
    for fact in facts:
        if not fact.incoming or fact.kind not in _INCOMING_TEXT or fact.kind == "melaksanakan":
            continue
        events.append(Event(fact.effective, fact.kind, _INCOMING_TEXT[fact.kind], fact.other,
                            _fact_extra(fact)))
        if fact.kind == "mengubah":
            for enactment in (enactments or {}).get(fact.other.identity, ()):
                events.append(Event(enactment.effective, "menetapkan",
                                    f"{fact.other.label} ditetapkan menjadi undang-undang dengan",
                                    enactment.other))
    order = {"penetapan": 0, "pengundangan": 1, "dibacakan": 1}
    return sorted(events, key=lambda e: (e.when is None, e.when or date.min, order.get(e.kind, 2)))
