"""Relations suggested by a document's own text, for staff to confirm.

The citation parser finds the documents a text names; the words before
each citation say how it relates:

- "mencabut UU 42/2008, UU 15/2011, dan UU 8/2012" -> this document
  mencabut each (a list carries the words of its first item);
- "kemudian diubah melalui Perppu 1/2022" -> this document diubah dengan it;
- "UU 7/2017 sebagaimana telah diubah dengan UU 7/2023" and "Perppu 1/2022
  yang ditetapkan dengan UU 7/2023" -> a relation between the two cited
  documents (the earlier one is the subject);
- "UU 1/2015 tentang Penetapan Perppu 1/2014 menjadi Undang-Undang" -> a
  citation inside a title ("tentang ...") belongs to the cited document.

``find_cues`` is plain (text in, proposals out); ``suggestions_for`` adds
the document's texts and drops what is already recorded or refused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from sqlalchemy import select

from jdih.catalogue.models import Attachment, AttachmentPage, Document
from jdih.extensions import db
from jdih.citations.identities import JenisIndex, citation_identity

#: (pattern, kind, passive): the last match before a citation decides.
CUES: list[tuple[re.Pattern[str], str, bool]] = [
    (re.compile(r"\b(?:mencabut|pencabutan)\b", re.I), "mencabut", False),
    (re.compile(r"\bdicabut\b", re.I), "mencabut", True),
    (re.compile(r"\b(?:mengubah|perubahan)\b", re.I), "mengubah", False),
    (re.compile(r"\b(?:diubah|terakhir\s+dengan)\b", re.I), "mengubah", True),
    (re.compile(r"\b(?:melaksanakan|pelaksanaan)\b", re.I), "melaksanakan", False),
    (re.compile(r"\bdilaksanakan\b", re.I), "melaksanakan", True),
    (re.compile(r"\b(?:menetapkan|penetapan)\b", re.I), "menetapkan", False),
    (re.compile(r"\bditetapkan\b", re.I), "menetapkan", True),
    (re.compile(r"\b(?:menguji|pengujian|membatalkan)\b", re.I), "menguji", False),
    (re.compile(r"\bdiuji\b", re.I), "menguji", True),
]
_SENTENCE_END = re.compile(r"[.;:?!](?:\s|$)|\n\s*\n")
_LIST_GAP = re.compile(r"^[\s,]*(?:(?:dan|serta|atau)\b[\s,]*)?$", re.I)
_TITLE = re.compile(r"\btentang\b", re.I)
_SUBJECT_BACKREF = re.compile(r"\b(?:sebagaimana|yang)\b", re.I)
# "memerintahkan KPU mencabut ...": an order to someone else, not a relation.
_ORDERED = re.compile(r"\bmemerintahkan(?:\s+\S+){0,3}\s*$", re.I)
# Words between a citation and a passive cue that still make that citation
# the subject ("UU 12/2011 kemudian diubah"): short, no comma, no "dan".
_SHORT_LINK = re.compile(r"^\s*(?:(?!\b(?:dan|serta|atau)\b)[^,;]){0,24}$", re.I)
#: How far back from a citation its words are looked for, at most.
WINDOW = 160
SELF = ""


@dataclass(frozen=True)
class Cue:
    """'subject kind object' read from a text; SELF ("") is the document itself."""

    kind: str
    subject: str
    object: str
    #: The words that gave it away, for staff to judge.
    snippet: str


@dataclass(frozen=True)
class _Seen:
    identity: str
    end: int
    #: The document this citation's phrase is about (itself, or the one
    #: whose title it sits in).
    head: str
    kind: Optional[str]
    passive: bool
    subject: str


def _last_cue(gap: str) -> tuple[Optional[str], bool, int]:
    best = (None, False, -1)
    for pattern, kind, passive in CUES:
        for match in pattern.finditer(gap):
            if match.start() > best[2] and not _ORDERED.search(gap, 0, match.start()):
                best = (kind, passive, match.start())
    return best


def _refers_back(before: str) -> bool:
    """Whether the words between a citation and a passive cue make the
    citation its subject: "UU 7/2017 sebagaimana telah diubah", "UU 12/2011
    kemudian diubah"; not "UU 10/2004 yang dinilai usang, dan telah diubah"."""
    if "," in before:
        return False
    return bool(_SUBJECT_BACKREF.search(before) or _SHORT_LINK.match(before))


def _gap_since(text: str, start: int, prev: Optional[_Seen]) -> tuple[str, bool]:
    """The words before a citation, and whether ``prev`` is in the same sentence."""
    if prev is not None:
        gap = text[prev.end:start]
        if len(gap) <= WINDOW * 2 and not _SENTENCE_END.search(gap):
            return gap, True
    window = text[max(0, start - WINDOW):start]
    ends = list(_SENTENCE_END.finditer(window))
    return (window[ends[-1].end():] if ends else window), False


def find_cues(text: str, identify: Callable[[object], Optional[str]]) -> list[Cue]:
    """Relations a text states, with identities from ``identify(citation)``."""
    from jdih.citations import extract

    cues: list[Cue] = []
    prev: Optional[_Seen] = None
    for citation in extract(text):
        identity = identify(citation)
        gap, joined = _gap_since(text, citation.start, prev)
        if identity is None:
            prev = None
            continue
        if joined and prev is not None and _LIST_GAP.match(gap):
            kind, passive, subject, head = prev.kind, prev.passive, prev.subject, identity
        else:
            kind, passive, at = _last_cue(gap)
            before = gap[:at] if at >= 0 else gap
            head, subject = identity, SELF
            if joined and prev is not None and _TITLE.search(before):
                head = subject = prev.head
            elif joined and prev is not None and passive and _refers_back(before):
                subject = prev.head
        seen = _Seen(identity, citation.end, head, kind, passive, subject)
        prev = seen
        if kind is None:
            continue
        snippet = " ".join(text[max(0, citation.start - 80):citation.end].split())
        if passive:
            cues.append(Cue(kind, identity, subject, snippet))
        else:
            cues.append(Cue(kind, subject, identity, snippet))
    return cues


@dataclass(frozen=True)
class Suggestion:
    kind: str
    source_label: str
    target_label: str
    #: The catalogued document whose page adds it (the edited one if it can).
    via_id: int
    #: The form's choice as seen from ``via_id`` ("mencabut", "diubah_dengan").
    direction: str
    #: The other document's identity, as the form's "other" field.
    other: str
    #: Where the words were found ("abstrak", "Naskah hlm. 3").
    where: str
    snippet: str
    #: The pasal concerned ("Pasal 10, Pasal 10A"), when the text names them.
    pasal: str = ""

    @property
    def text(self) -> str:
        from jdih.relations.models import KINDS

        return f"{self.source_label} {KINDS[self.kind][0]} {self.target_label}"


def document_texts(doc: Document, max_pages: int = 200) -> Iterable[tuple[str, str]]:
    """(where, text): judul, abstrak, amar, then the PDF pages' text."""
    for where, value in (("judul", doc.judul), ("abstrak", doc.abstrak), ("amar", doc.amar)):
        if value:
            yield where, value
    rows = db.session.execute(
        select(Attachment.title, Attachment.filename, AttachmentPage.page_no, AttachmentPage.text)
        .join(AttachmentPage, AttachmentPage.attachment_id == Attachment.id)
        .where(Attachment.document_id == doc.id, Attachment.is_deleted.is_(False))
        .order_by(Attachment.id, AttachmentPage.page_no).limit(max_pages))
    for title, filename, page_no, text in rows:
        if text:
            yield f"{title or filename} hlm. {page_no}", text


def suggestions_for(doc: Document, index: JenisIndex) -> list[Suggestion]:
    """Relations the document's texts state that are not recorded yet and
    would pass the rules; each can be added by its catalogued source."""
    from jdih.relations import operations

    if not doc.identity:
        return []
    found: dict[tuple[str, str, str], Suggestion] = {}
    for where, text in document_texts(doc):
        for cue in find_cues(text, lambda c: citation_identity(c, index) or _alias_identity(c)):
            subject = cue.subject or doc.identity
            obj = cue.object or doc.identity
            key = (cue.kind, subject, obj)
            if key in found or subject == obj:
                continue
            source, target = operations.End.by_identity(subject), operations.End.by_identity(obj)
            try:
                operations.check(cue.kind, source, target)
            except operations.RelationError:
                continue  # recorded already, or refused by a rule
            found[key] = _via(doc, cue, source, target, where)
    return list(found.values())


def _via(doc: Document, cue: Cue, source, target, where: str) -> Suggestion:
    """Add it from the edited document when it is an end, else from the
    catalogued end (the source if it can)."""
    from jdih.relations.models import KINDS

    reverse = KINDS[cue.kind][1].replace(" ", "_")
    if target.doc is not None and (target.doc.id == doc.id or source.doc is None):
        via, direction, other = target.doc, reverse, source.identity
    else:
        via, direction, other = source.doc, cue.kind, target.identity
    return Suggestion(cue.kind, source.label, target.label, via.id, direction, other,
                      where, cue.snippet)


def _alias_identity(citation: object) -> Optional[str]:
    """Laws cited by name ("UU Pemilu") through the citations area's aliases."""
    if not getattr(citation, "name", None):
        return None
    from jdih.citations.resolve import candidate_identities

    found = candidate_identities(citation)
    return found[0] if len(found) == 1 else None
