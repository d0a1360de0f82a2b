"""The synonym and abbreviation list staff edit at /staf/kosakata/pencarian:
a typed term ("paslon") and the formal terms it also searches ("pasangan
calon").

Read at query time (expansion.py widens the plan), cached per process with
a version stamp of the table, so an edit takes effect on the next search
and nothing is reindexed. The shipped defaults (data/kosakata.toml) are
seeded by the migration, by `flask search seed-vocabulary` and by the demo.
"""
from __future__ import annotations

import threading
from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from jdih.core import audit
from jdih.core.errors import UserError
from jdih.core.timeutil import utcnow
from jdih.extensions import db
from jdih.search import expansion

MAX_TERM_CHARS = 120
MAX_FORMAL_CHARS = 1000


class SearchSynonym(db.Model):
    """One typed term and its formal terms (comma-separated)."""

    __tablename__ = "search_synonym"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: expansion.term_key() of the typed term: lowercase words, one space.
    term: Mapped[str] = mapped_column(String(MAX_TERM_CHARS), unique=True)
    #: The formal terms, comma-separated ("pasangan calon").
    formal: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    audit_type = "search_synonym"

    @property
    def formal_terms(self) -> tuple[str, ...]:
        return split_formal(self.formal)

    @property
    def audit_label(self) -> str:
        return f"{self.term} \u2192 {self.formal}"


class SynonymError(UserError):
    """A synonym staff cannot save (empty, too many words, duplicate)."""


def split_formal(text: str) -> tuple[str, ...]:
    terms = (" ".join(part.split()) for part in (text or "").replace("\n", ",").split(","))
    return tuple(dict.fromkeys(t for t in terms if t))


def _checked(term: str, formal: str) -> tuple[str, str]:
    key = expansion.term_key(term or "")
    if not key:
        raise SynonymError("Istilah wajib diisi.", field="term")
    if len(key.split()) > expansion.MAX_TERM_WORDS:
        raise SynonymError(f"Istilah paling banyak {expansion.MAX_TERM_WORDS} kata.", field="term")
    terms = [t for t in split_formal(formal) if expansion.term_key(t) and expansion.term_key(t) != key]
    if not terms:
        raise SynonymError("Isi paling sedikit satu padanan yang berbeda dari istilahnya.",
                           field="formal")
    if len(terms) > expansion.MAX_ALTERNATIVES:
        raise SynonymError(f"Paling banyak {expansion.MAX_ALTERNATIVES} padanan.", field="formal")
    return key[:MAX_TERM_CHARS], ", ".join(terms)[:MAX_FORMAL_CHARS]


def save(synonym: Optional[SearchSynonym], term: str, formal: str) -> SearchSynonym:
    """Create (synonym None) or change an entry, audited; refuses duplicates."""
    key, formal = _checked(term, formal)
    existing = db.session.scalar(select(SearchSynonym).where(SearchSynonym.term == key))
    if existing is not None and existing is not synonym:
        raise SynonymError(f"Istilah \u201c{key}\u201d sudah ada.", field="term")
    before = {} if synonym is None else {"term": synonym.term, "formal": synonym.formal}
    if synonym is None:
        synonym = SearchSynonym()
        db.session.add(synonym)
    synonym.term, synonym.formal = key, formal
    synonym.updated_at = utcnow()
    db.session.flush()
    audit.record("create" if not before else "edit", synonym,
                 audit.diff(before, {"term": synonym.term, "formal": synonym.formal}))
    return synonym


def delete(synonym: SearchSynonym) -> None:
    audit.record("delete", synonym, {"formal": [synonym.formal, None]})
    db.session.delete(synonym)
    db.session.flush()


def seed_defaults() -> int:
    """Add the shipped defaults whose term is not in the table; returns how many."""
    present = set(db.session.scalars(select(SearchSynonym.term)))
    added = 0
    for term, formal in expansion.default_synonyms().items():
        if term not in present:
            db.session.add(SearchSynonym(term=term, formal=", ".join(formal)))
            added += 1
    db.session.flush()
    return added


# --- the list as searches use it ------------------------------------------------

_cache: dict = {}
_cache_lock = threading.Lock()


def _stamp() -> tuple:
    """Changes whenever a row is added, edited or deleted."""
    return tuple(db.session.execute(select(
        func.count(SearchSynonym.id), func.max(SearchSynonym.id),
        func.max(SearchSynonym.updated_at))).one())


def current_synonyms() -> dict[str, tuple[str, ...]]:
    """term -> formal terms, re-read only when the table's stamp changes."""
    place = str(db.engine.url)
    stamp = _stamp()
    with _cache_lock:
        cached = _cache.get(place)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    rows = db.session.execute(select(SearchSynonym.term, SearchSynonym.formal)).all()
    mapping = {term: split_formal(formal) for term, formal in rows}
    with _cache_lock:
        _cache[place] = (stamp, mapping)
    return mapping


def current_vocabulary() -> expansion.Vocabulary:
    return expansion.Vocabulary(current_synonyms(), expansion.question_words())
