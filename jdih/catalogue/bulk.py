"""One workflow change (publish, unpublish, delete) applied to a selection of
documents from the staff list, each through the same operations and audit
entries as a change of one document.

Policy on a partial failure: the documents that can take the change get it,
the others are reported by name with the reason. Each document's change is
independent of the others, so holding back forty good changes for one
incomplete record would only make staff redo them; the refusals are found
before anything changes, so a refused document is never half-changed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from sqlalchemy import select

from jdih.catalogue import operations
from jdih.catalogue.models import STATE_PUBLISHED, Document
from jdih.extensions import db

#: The most documents one request may change (a few pages of the list).
MAX_SELECTION = 200


@dataclass(frozen=True)
class BulkAction:
    label: str
    #: Past tense for the summary ("3 dokumen diterbitkan").
    done: str
    #: The same, refused ("1 dokumen tidak diterbitkan: ...").
    not_done: str
    change: Callable[[Document], None]
    #: Why ``doc`` cannot take the change (Indonesian), or None.
    refusal: Callable[[Document], Optional[str]]
    #: True when ``doc`` already is as the change would leave it.
    already: Callable[[Document], bool]


def _publish_refusal(doc: Document) -> Optional[str]:
    if doc.is_deleted:
        return "dokumen dihapus; pulihkan dulu"
    missing = operations.missing_for_publication(doc)
    return "isian wajib kosong: " + ", ".join(missing) if missing else None


ACTIONS = {
    "terbitkan": BulkAction("Terbitkan", "diterbitkan", "tidak diterbitkan", operations.publish_complete, _publish_refusal,
                            lambda doc: doc.state == STATE_PUBLISHED),
    "tarik": BulkAction("Tarik dari publikasi", "ditarik menjadi draf", "tidak ditarik", operations.unpublish,
                        lambda doc: None, lambda doc: doc.state != STATE_PUBLISHED),
    "hapus": BulkAction("Hapus", "dihapus (dapat dipulihkan)", "tidak dihapus", operations.delete,
                        lambda doc: None, lambda doc: doc.is_deleted),
}


@dataclass
class BulkResult:
    changed: list[Document] = field(default_factory=list)
    unchanged: list[Document] = field(default_factory=list)
    refused: list[tuple[Document, str]] = field(default_factory=list)


def selected(ids: list[int]) -> list[Document]:
    """The documents named by ``ids``, in list order (unknown ids ignored)."""
    wanted = list(dict.fromkeys(ids))[:MAX_SELECTION]
    if not wanted:
        return []
    docs = db.session.scalars(select(Document).where(Document.id.in_(wanted))).all()
    return sorted(docs, key=lambda doc: wanted.index(doc.id))


def apply_to(docs: list[Document], action_name: str) -> BulkResult:
    """Apply the action to every document that can take it (adds to the
    session; the caller commits). Should the commit itself fail (another
    save of one of them won a race), the caller's rollback undoes them all."""
    action, result = ACTIONS[action_name], BulkResult()
    for doc in docs:
        reason = action.refusal(doc)
        if reason:
            result.refused.append((doc, reason))
        elif action.already(doc):
            result.unchanged.append(doc)
        else:
            result.changed.append(doc)
    for doc in result.changed:
        action.change(doc)
    return result
