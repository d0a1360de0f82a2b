"""Reading and saving member pages: sanitised, versioned, audited."""
from __future__ import annotations

import logging
import time
from typing import Optional

from flask import current_app
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from jdih.core import audit, versioning
from jdih.extensions import db
from jdih.news.sanitize import clean_body
from jdih.pages.catalog import PageSpec
from jdih.pages.models import SitePage

log = logging.getLogger(__name__)
#: Seconds a process keeps the footer's contact lines before reading them again.
FOOTER_TTL = 60
CONTACT_SLUG = "kontak"


def get_page(slug: str) -> Optional[SitePage]:
    return db.session.scalar(select(SitePage).where(SitePage.slug == slug))


def pages_by_slug() -> dict[str, SitePage]:
    return {page.slug: page for page in db.session.scalars(select(SitePage))}


def footer_contact() -> str:
    """The kontak page's summary for every page's footer. Cached per app and
    process (one query a minute, not one per page); an error page rendered
    while the database is unreachable gets an empty footer, not a second error."""
    cache = current_app.extensions.setdefault("jdih_footer_contact", {})
    if cache and time.monotonic() - cache["at"] < FOOTER_TTL:
        return cache["text"]
    try:
        page = get_page(CONTACT_SLUG)
    except SQLAlchemyError:
        log.warning("footer contact not read: database error", exc_info=True)
        return ""
    cache.update(text=(page.summary or "") if page is not None else "", at=time.monotonic())
    return cache["text"]


def forget_footer_contact() -> None:
    current_app.extensions.pop("jdih_footer_contact", None)


def save_page(spec: PageSpec, title: str, body: str, summary: str,
              expected_version: Optional[int] = None) -> SitePage:
    """Create or update the page of ``spec``; the body is sanitised like a
    news body. Raises versioning.StaleEdit when someone saved in between."""
    page = get_page(spec.slug)
    values = {"title": title.strip() or spec.title, "body_html": clean_body(body),
              "summary": (summary or "").strip() or None}
    if page is None:
        page = SitePage(slug=spec.slug, **values)
        db.session.add(page)
        _stamp(page)
        audit.record("create", page, {"judul": [None, page.title]})
        forget_footer_contact()
        return page
    versioning.check(page, expected_version, lambda: {"Isi": page.body_html})
    changes = {field: [getattr(page, field), value] for field, value in values.items()
               if getattr(page, field) != value}
    if changes:
        for field, (_, value) in changes.items():
            setattr(page, field, value)
        _stamp(page)
        # The body's old and new text would bloat the log: say that it changed.
        if "body_html" in changes:
            changes["body_html"] = ["(isi lama)", "(isi baru)"]
        audit.record("edit", page, changes)
        forget_footer_contact()
    return page


def _stamp(page: SitePage) -> None:
    if current_user and getattr(current_user, "is_authenticated", False):
        page.updated_by_id = current_user.id
