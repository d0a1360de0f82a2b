"""Storing a news item's citations, staff decisions, and the links shown.

Saving a news item re-extracts its citations from the body text and
applies the decisions staff made before (kept per news item by
``decision_key``), so a rejected citation is not suggested again and a
confirmed or hand-made link survives editing.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from flask import url_for
from werkzeug.datastructures import MultiDict
from flask_login import current_user
from sqlalchemy import and_, delete, func, or_, select

from jdih.accounts.access import can_read, readable
from jdih.core import audit
from jdih.catalogue.forms import make_document_form
from jdih.catalogue.identity import normalise_abbreviation, normalise_number
from jdih.catalogue.models import Document, Jenis
from jdih.citations import extract
from jdih.citations.models import (
    STATE_CONFIRMED, STATE_MANUAL, STATE_REJECTED, STATE_SUGGESTED, CitationDecision, NewsCitation,
)
from jdih.citations.resolve import FOUND, decision_key, normalise_alias_name, normalised_text, resolve
from jdih.core.errors import UserError
from jdih.extensions import db
from jdih.news.htmltext import Link
from jdih.news.models import News, WorklistDismissal
from jdih.structure import pasal_anchor


class CitationError(UserError):
    """A refusal; ``message`` is for people (Indonesian)."""


# -- rebuilding ---------------------------------------------------------------

def _decisions(news: News) -> dict[str, CitationDecision]:
    rows = db.session.scalars(select(CitationDecision).where(CitationDecision.news_id == news.id))
    return {row.key: row for row in rows}


def _apply_decision(row: NewsCitation, decision: Optional[CitationDecision]) -> None:
    if decision is None:
        return
    row.state = decision.state
    row.document_id = None if decision.state == STATE_REJECTED else decision.document_id


def rebuild_citations(news: News) -> list[NewsCitation]:
    """Replace the stored citations of ``news`` with those of its body now."""
    db.session.execute(delete(NewsCitation).where(NewsCitation.news_id == news.id))
    decisions = _decisions(news)
    rows = []
    resolved: dict[tuple, Any] = {}  # the same document is often cited many times
    for citation in extract(news.body_text):
        key = (citation.type, citation.number, citation.year, citation.name, citation.issuer)
        resolution = resolved[key] if key in resolved else resolved.setdefault(key, resolve(citation))
        row = NewsCitation(
            news_id=news.id, start=citation.start, end=citation.end, text=citation.text[:2000],
            type=citation.type, number=citation.number, year=citation.year,
            pinpoint=citation.pinpoint, name=citation.name, issuer=citation.issuer,
            identity=resolution.identity,
            document_id=resolution.document.id if resolution.status == FOUND else None,
            state=STATE_SUGGESTED, decision_key=decision_key(citation, resolution))
        _apply_decision(row, decisions.get(row.decision_key))
        rows.append(row)
    rows += _manual_phrase_rows(news, decisions.values(), rows)
    db.session.add_all(rows)
    db.session.flush()
    return rows


def _manual_phrase_rows(news: News, decisions: Any, taken: list[NewsCitation]) -> list[NewsCitation]:
    """Rows for phrases staff linked by hand, wherever they occur."""
    rows: list[NewsCitation] = []
    spans = [(row.start, row.end) for row in taken]
    for decision in decisions:
        if not decision.phrase:
            continue
        pattern = re.compile(r"\s+".join(map(re.escape, decision.phrase.split())), re.IGNORECASE)
        for match in pattern.finditer(news.body_text):
            if any(match.start() < end and start < match.end() for start, end in spans):
                continue
            spans.append(match.span())
            rows.append(NewsCitation(
                news_id=news.id, start=match.start(), end=match.end(), text=match.group(0),
                type="OTHER", state=decision.state, document_id=decision.document_id,
                decision_key=decision.key))
    return rows


# -- staff decisions ----------------------------------------------------------

def _decide(news: News, key: str, state: str, document: Optional[Document],
            phrase: Optional[str] = None) -> CitationDecision:
    decision = db.session.scalar(select(CitationDecision).where(
        CitationDecision.news_id == news.id, CitationDecision.key == key))
    if decision is None:
        decision = CitationDecision(news_id=news.id, key=key)
        db.session.add(decision)
    decision.state, decision.phrase = state, phrase
    decision.document_id = document.id if document is not None else None
    decision.decided_by_id = _acting_user_id()
    for row in db.session.scalars(select(NewsCitation).where(
            NewsCitation.news_id == news.id, NewsCitation.decision_key == key)):
        _apply_decision(row, decision)
    return decision


def _acting_user_id() -> Optional[int]:
    try:
        return current_user.id if current_user and current_user.is_authenticated else None
    except RuntimeError:  # outside a request (CLI, demo loader)
        return None


def _label(row: NewsCitation) -> str:
    return " ".join(row.text.split())[:200]


def confirm(row: NewsCitation) -> None:
    if row.document is None:
        raise CitationError("Sitasi ini belum tertaut ke dokumen; pilih dokumennya terlebih dahulu.")
    news = db.session.get(News, row.news_id)
    _decide(news, row.decision_key, STATE_CONFIRMED, row.document)
    audit.record("citation-confirm", news, {"sitasi": [_label(row), row.document.identity]})


def reject(row: NewsCitation) -> None:
    news = db.session.get(News, row.news_id)
    before = row.document.identity if row.document is not None else None
    _decide(news, row.decision_key, STATE_REJECTED, None)
    audit.record("citation-reject", news, {"sitasi": [_label(row), None], "dokumen": [before, None]})


def reset(row: NewsCitation) -> None:
    """Forget the decision: the citation is suggested again from the parser."""
    news = db.session.get(News, row.news_id)
    db.session.execute(delete(CitationDecision).where(
        CitationDecision.news_id == news.id, CitationDecision.key == row.decision_key))
    audit.record("citation-reset", news, {"sitasi": [_label(row), row.state]})
    rebuild_citations(news)


def link_by_hand(row: NewsCitation, document: Document) -> None:
    news = db.session.get(News, row.news_id)
    before = row.document.identity if row.document is not None else None
    _decide(news, row.decision_key, STATE_MANUAL, document)
    audit.record("citation-link", news, {"sitasi": [_label(row), _label(row)],
                                         "dokumen": [before, document.identity or document.judul]})


def add_phrase_link(news: News, phrase: str, document: Document) -> int:
    """Link every occurrence of ``phrase`` in the body; returns how many."""
    phrase = " ".join((phrase or "").split())
    if len(phrase) < 3:
        raise CitationError("Tuliskan frasa yang disebut dalam berita (minimal 3 karakter).")
    pattern = re.compile(r"\s+".join(map(re.escape, phrase.split())), re.IGNORECASE)
    if not pattern.search(news.body_text):
        raise CitationError(f"Frasa \u201c{phrase}\u201d tidak ditemukan dalam isi berita.")
    _decide(news, f"TEXT:{normalised_text(phrase)}"[:300], STATE_MANUAL, document, phrase=phrase[:300])
    rows = rebuild_citations(news)
    audit.record("citation-link", news, {"sitasi": [None, phrase],
                                         "dokumen": [None, document.identity or document.judul]})
    return sum(1 for row in rows if row.decision_key == f"TEXT:{normalised_text(phrase)}"[:300])


# -- linking documents created later -----------------------------------------

def relink_pending(identity: Optional[str] = None, citation_type: Optional[str] = None,
                   name: Optional[str] = None) -> int:
    """Resolve again the suggested, unlinked citations that may now resolve."""
    conditions = []
    if identity:
        conditions.append(NewsCitation.identity == identity)
    if citation_type:
        conditions.append(and_(NewsCitation.identity.is_(None), NewsCitation.type == citation_type))
    if name:
        conditions.append(and_(NewsCitation.number.is_(None),
                               func.upper(NewsCitation.name) == normalise_alias_name(name)))
    if not conditions:
        return 0
    query = select(NewsCitation).where(NewsCitation.state == STATE_SUGGESTED, or_(*conditions))
    if not name:
        query = query.where(NewsCitation.document_id.is_(None))
    changed = 0
    for row in db.session.scalars(query).all():
        resolution = resolve(row)
        document_id = resolution.document.id if resolution.status == FOUND else None
        if (document_id, resolution.identity) != (row.document_id, row.identity):
            row.document_id, row.identity = document_id, resolution.identity
            changed += 1
    return changed


def on_identity_assigned(document: Document, **_: Any) -> None:
    """A document got its identity: pending citations of it link now."""
    citation_type = document.jenis.citation_type if document.jenis is not None else None
    relink_pending(identity=document.identity, citation_type=citation_type)


def on_alias_changed(citation_type: str, name: str, **_: Any) -> None:
    """An alias now names another document (or none): relink its citations."""
    relink_pending(name=name)


# -- reading ------------------------------------------------------------------

def citations_of(news: News) -> list[NewsCitation]:
    return list(db.session.scalars(select(NewsCitation).where(NewsCitation.news_id == news.id)
                                   .order_by(NewsCitation.start, NewsCitation.id)))


def reader_links(news: News, user: Any = None) -> list[Link]:
    """Links for the citations the reader may follow (others stay text); a
    pinpoint naming a pasal ("Pasal 169 huruf q UU 7/2017") links to that
    pasal's anchor in the document's reading view."""
    links = []
    for row in citations_of(news):
        doc = row.document
        if not row.is_linked or doc is None or not can_read(doc, user):
            continue
        if news.body_text[row.start:row.end] != row.text:
            continue  # stale span: never link the wrong words
        title = f"{doc.display_identity} \u2014 {doc.judul}" if doc.identity else doc.judul
        anchor = pasal_anchor(row.pinpoint)
        links.append(Link(row.start, row.end, url_for("catalogue.detail", slug=doc.slug, _anchor=anchor),
                          title[:300]))
    return links


def news_citing(document: Document, limit: int = 20) -> list[News]:
    """Published news that cite ``document``, newest first."""
    cited = select(NewsCitation.news_id).where(
        NewsCitation.document_id == document.id, NewsCitation.state != STATE_REJECTED)
    return list(db.session.scalars(
        readable(select(News), News).where(News.id.in_(cited))
        .order_by(News.news_date.desc(), News.id.desc()).limit(limit)))


# -- the staff worklist -------------------------------------------------------

def _worklist_rows():
    """Cited identities with no document, not dismissed, in news not deleted."""
    return (select(NewsCitation.identity, NewsCitation.type, func.min(NewsCitation.number),
                   func.min(NewsCitation.year), func.count(), func.count(func.distinct(NewsCitation.news_id)))
            .join(News, News.id == NewsCitation.news_id)
            .where(NewsCitation.document_id.is_(None), NewsCitation.state == STATE_SUGGESTED,
                   NewsCitation.identity.is_not(None), News.is_deleted.is_(False),
                   NewsCitation.identity.not_in(select(WorklistDismissal.identity)))
            .group_by(NewsCitation.identity, NewsCitation.type))


def uncatalogued(limit: int = 200) -> list[dict[str, Any]]:
    """Cited identities with no document yet, most cited first.

    Each entry: identity, type, number, year, mentions, news (count), and
    ``prefill`` (doc_type plus the create form's query arguments) or None.
    """
    rows = db.session.execute(
        _worklist_rows().order_by(func.count().desc(), NewsCitation.identity).limit(limit)).all()
    forms: dict[str, Any] = {}
    return [{"identity": identity, "type": type_, "number": number, "year": year,
             "mentions": mentions, "news": news_count,
             "prefill": _prefill(identity, type_, number, year, forms)}
            for identity, type_, number, year, mentions, news_count in rows]


def uncatalogued_count() -> int:
    """How many identities the worklist holds (the staff workspace counts them)."""
    return db.session.scalar(select(func.count()).select_from(_worklist_rows().subquery()))


def dismiss(identity: str) -> WorklistDismissal:
    """Leave ``identity`` out of the worklist from now on; audited."""
    identity = (identity or "").strip()
    on_list = db.session.scalar(_worklist_rows().where(NewsCitation.identity == identity).limit(1))
    if not identity or on_list is None:
        raise CitationError(f"\u201c{identity[:100]}\u201d tidak ada di daftar sitasi belum dikatalog.")
    row = WorklistDismissal(identity=identity, dismissed_by_id=_acting_user_id())
    db.session.add(row)
    db.session.flush()
    audit.record("worklist-dismiss", row, {"identitas": [None, identity]})
    return row


def _prefill(identity: str, citation_type: str, number: Optional[str],
             year: Optional[int], forms: dict[str, Any]) -> Optional[dict[str, Any]]:
    """Arguments for /staf/dokumen/baru/<doc_type> naming this identity's jenis;
    only values the document form accepts (a year the parser read as 2099 is
    left for staff to type, not offered to be refused)."""
    jenis_rows = db.session.scalars(select(Jenis).where(Jenis.citation_type == citation_type))
    matching = [j for j in jenis_rows if j.abbreviation
                and identity.startswith(normalise_abbreviation(j.abbreviation) + " ")]
    if not matching:
        return None
    jenis = max(matching, key=lambda j: len(j.abbreviation))
    nomor = normalise_number(number) if number else None
    accepted = _accepted(jenis.doc_type, {"jenis_id": jenis.id, "tahun": year, "nomor": nomor}, forms)
    if "jenis_id" not in accepted:
        return None
    args = {"jenis_id": jenis.abbreviation, "tahun": year, "nomor": nomor}
    return {"doc_type": jenis.doc_type, "args": {k: v for k, v in args.items() if v and k in accepted}}


def _accepted(doc_type: str, values: dict[str, Any], forms: dict[str, Any]) -> set[str]:
    """The names among ``values`` that the document form (and its column) accepts."""
    if doc_type not in forms:
        forms[doc_type] = make_document_form(doc_type, formdata=None, meta={"csrf": False})
    form = forms[doc_type]
    accepted = set()
    for name, value in values.items():
        if value in (None, "") or name not in form:
            continue
        column = Document.__table__.c.get(name)
        length = getattr(column.type, "length", None) if column is not None else None
        if length and len(str(value)) > length:
            continue
        form[name].process(MultiDict({name: str(value)}))
        if form[name].validate(form):
            accepted.add(name)
    return accepted


def unnamed_aliases(limit: int = 100) -> list[tuple[str, str, int]]:
    """Laws cited by a name no alias knows yet: (type, name, mentions)."""
    rows = db.session.execute(
        select(NewsCitation.type, NewsCitation.name, func.count())
        .join(News, News.id == NewsCitation.news_id)
        .where(NewsCitation.identity.is_(None), NewsCitation.number.is_(None),
               NewsCitation.name.is_not(None), NewsCitation.state == STATE_SUGGESTED,
               News.is_deleted.is_(False))
        .group_by(NewsCitation.type, NewsCitation.name)
        .order_by(func.count().desc(), NewsCitation.name).limit(limit)).all()
    return [(type_, name, count) for type_, name, count in rows]
