"""Creating, editing and publishing news items, each change audited.

Functions add to the session and never commit: the caller commits once at
the end of the request (or rolls back), so a refused change leaves nothing.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import FileStorage

from jdih.accounts.access import readable
from jdih.core import audit
from jdih.core.errors import UserError
from jdih.core import versioning, workflow
from jdih.catalogue import attachments as catalogue_files
from jdih.core.slugs import slugify
from jdih.catalogue.operations import CatalogueError
from jdih.extensions import db
from jdih.news import citelinks
from jdih.news.htmltext import plain_text
from jdih.news.models import STATE_DRAFT, News, NewsPhoto, unparenthesised
from jdih.news.sanitize import clean_body

EDITABLE = ("title", "news_date", "place", "body_html", "credit", "tags")
MAX_TAGS = 20


class NewsError(UserError):
    """A change refused by a rule; ``message`` is for people (Indonesian)."""


def parse_tags(value: Any) -> list[str]:
    """'Pemilu, JDIH ,pemilu' -> ['Pemilu', 'JDIH'] (case-insensitively unique)."""
    items = value.split(",") if isinstance(value, str) else list(value or [])
    seen: dict[str, str] = {}
    for item in items:
        label = " ".join(str(item).split())[:60]
        if label and label.casefold() not in seen:
            seen[label.casefold()] = label
    return list(seen.values())[:MAX_TAGS]


def snapshot(news: News) -> dict[str, Any]:
    values = {name: getattr(news, name) for name in EDITABLE}
    values.update(state=news.state, is_deleted=news.is_deleted)
    return values


def _unique_slug(base: str, exclude_id: Optional[int] = None) -> str:
    base = (base or "berita")[:100].rstrip("-")
    candidate, n = base, 1
    while True:
        query = select(News.id).where(News.slug == candidate)
        if exclude_id is not None:
            query = query.where(News.id != exclude_id)
        if db.session.scalar(query) is None:
            return candidate
        n += 1
        candidate = f"{base}-{n}"


def max_length(name: str) -> int:
    """What the column of field ``name`` holds (forms and imports check it)."""
    return News.__table__.columns[name].type.length


def _check_length(name: str, text: str) -> None:
    if len(text) > max_length(name):
        raise NewsError(f"{LABELS[name]} terlalu panjang (maksimal {max_length(name)} karakter).",
                        field=name)


def _apply(news: News, values: dict[str, Any]) -> None:
    title = " ".join((values.get("title", news.title) or "").split())
    if not title:
        raise NewsError("Judul wajib diisi.", field="title")
    news_date = values.get("news_date", news.news_date)
    if not isinstance(news_date, date):
        raise NewsError("Tanggal wajib diisi.", field="news_date")
    if "body" in values:
        news.body_html = clean_body(values["body"])
    if not plain_text(news.body_html or "").strip():
        raise NewsError("Isi berita wajib diisi.", field="body")
    _check_length("title", title)
    news.title, news.news_date = title, news_date
    for name in ("place", "credit"):
        if name in values:
            text = " ".join((values[name] or "").split())
            _check_length(name, text)
            setattr(news, name, text or None)
    if news.credit:
        news.credit = unparenthesised(news.credit)
    if "tags" in values:
        news.tags = parse_tags(values["tags"])
    news.body_text = plain_text(news.body_html)


def create_news(values: dict[str, Any], import_key: Optional[str] = None) -> News:
    """``values``: title, news_date, place, body (HTML, sanitised here), credit, tags."""
    news = News(title="", body_html="", body_text="", tags=[], state=STATE_DRAFT, import_key=import_key)
    with db.session.no_autoflush:
        _apply(news, values)
        news.slug = _unique_slug(slugify(news.title))
    db.session.add(news)
    db.session.flush()
    citelinks.rebuild_citations(news)
    audit.record("create", news, audit.diff({}, snapshot(news)))
    return news


LABELS = {"title": "Judul", "news_date": "Tanggal", "place": "Tempat", "body_html": "Isi berita",
          "credit": "Kredit", "tags": "Tag", "state": "Status terbit", "is_deleted": "Dihapus"}


def _differences(news: News, values: dict[str, Any]) -> dict[str, Any]:
    """{label: stored value} where ``values`` differ from the stored item
    (changes ``news`` in memory: the caller rolls back)."""
    stored = snapshot(news)
    with db.session.no_autoflush:
        _apply(news, values)
    return {LABELS.get(name, name): old for name, (old, _new) in audit.diff(stored, snapshot(news)).items()}


def update_news(news: News, values: dict[str, Any],
                expected_version: Optional[int] = None) -> dict[str, list[Any]]:
    """Apply an edit and re-extract the citations; returns the audited changes.

    A save based on a version older than the stored one is refused
    (versioning.StaleEdit), as is one that loses a race with another save."""
    if news.is_deleted:
        raise NewsError("Berita yang dihapus tidak dapat diubah; pulihkan terlebih dahulu.")
    versioning.check(news, expected_version, lambda: _differences(news, values))
    before = snapshot(news)
    with db.session.no_autoflush:
        _apply(news, values)
    changes = audit.diff(before, snapshot(news))
    try:
        db.session.flush()
    except StaleDataError as error:
        raise versioning.StaleEdit() from error
    citelinks.rebuild_citations(news)
    if changes:
        audit.record("edit", news, changes)
    return changes


def publish(news) -> None:
    workflow.publish(news, NewsError("Berita yang dihapus tidak dapat diterbitkan."))


unpublish = workflow.unpublish
delete = workflow.delete
restore = workflow.restore


# -- photos -------------------------------------------------------------------

def add_photo(news: News, upload: FileStorage, caption: Optional[str] = None) -> NewsPhoto:
    """Check, store and attach a photo; nothing is stored if a check fails."""
    if news.is_deleted:
        raise NewsError("Berita yang dihapus tidak dapat diberi foto.")
    try:
        data = catalogue_files.read_limited(upload)
        content_type = catalogue_files.check_image(data)
    except CatalogueError as error:
        raise NewsError(error.message, field="file") from error
    # Removed again if this transaction does not commit (see catalogue.file_lifecycle).
    sha256 = catalogue_files.store(data)
    photo = NewsPhoto(news_id=news.id, news=news, sha256=sha256, content_type=content_type,
                      size=len(data), filename=catalogue_files.safe_filename(upload.filename, content_type),
                      caption=" ".join((caption or "").split())[:300] or None)
    db.session.add(photo)
    db.session.flush()
    audit.record("attach", news, {"foto": [None, photo.audit_label], "sha256": [None, sha256]})
    return photo


def remove_photo(photo: NewsPhoto) -> None:
    photo.is_deleted = True
    audit.record("detach", photo.news, {"foto": [photo.audit_label, None]})


def published_news() -> Any:
    """What readers see of the news (the reader policy: published, not deleted)."""
    return readable(select(News), News).order_by(
        News.news_date.desc(), News.id.desc())

