"""Feeds for machines outside the API: the JDIHN harvest feed at
/integrasi/jdihn and the Atom feeds under /feed/. Anonymous and public only:
they ignore cookies and tokens alike."""
from __future__ import annotations

import hashlib
import json
import time
from datetime import date
from typing import Callable, Optional

from flask import Blueprint, Response, abort, current_app, request, url_for

from jdih.api import errors, feed_cache, params
from jdih.api.feeds import Entry, render
from jdih.api.jdihn import Urls, to_jdihn
from jdih.api.queries import FeedVersion, feed_documents, feed_version
from jdih.api.tokens import ANONYMOUS
from jdih.catalogue.models import DOC_TYPES, Document
from jdih.catalogue.queries import visible_documents
from jdih.extensions import csrf, db
from jdih.relations.queries import shown_statuses
from jdih.core.timeutil import utcnow

bp = Blueprint("open_feeds", __name__)
csrf.exempt(bp)
errors.install(bp)

MAX_FEED_LIMIT = 5000
ATOM_ENTRIES = 50
ATOM_TYPE = "application/atom+xml"
#: Seconds a harvester is told to wait while a whole feed is first built.
FEED_RETRY_AFTER = 10


# -- JDIHN ----------------------------------------------------------------------------

def feed_etag(version: FeedVersion, page: Optional[int], limit: Optional[int]) -> str:
    """Changes whenever a feed object could: a document edited, published,
    withdrawn or deleted, a file attached or removed, a relation or status
    override recorded (audited), another day, another host name."""
    parts = (version.last_updated, version.count, version.attachment_max_id,
             version.attachment_count, version.last_change_id, page, limit, request.host_url,
             # Statuses change as dated relations take effect.
             date.today())
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _not_modified(etag: str, version: FeedVersion) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains(etag)
    since, last = request.if_modified_since, version.last_modified
    return bool(since and last and last.replace(microsecond=0) <= since)


REBUILDER = "jdih_feed_rebuild"


def set_rebuilder(app, rebuild: Optional[Callable[[Optional[int], Optional[int], str], None]]) -> None:
    """Who builds a missing feed body (create_app wires the task queue
    here); without one the request builds it."""
    app.extensions[REBUILDER] = rebuild


def _build_feed(page: Optional[int], limit: Optional[int]) -> bytes:
    urls = Urls()
    docs = feed_documents(page, limit)
    statuses = shown_statuses(docs)
    body = [to_jdihn(doc, urls, statuses.get(doc.id)) for doc in docs]
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def rebuild(page: Optional[int], limit: Optional[int]) -> str:
    """Build and store the body of the current version (in a request
    context for the host it is for); returns its ETag. The worker runs this."""
    etag = feed_etag(feed_version(), page, limit)
    slot_name = feed_cache.slot(page, limit, request.host_url)
    if feed_cache.read(slot_name, etag) is None:
        _build_and_store(slot_name, etag, page, limit)
    return etag


def _build_and_store(slot_name: str, etag: str, page: Optional[int], limit: Optional[int]) -> bytes:
    body = _build_feed(page, limit)
    feed_cache.write(slot_name, etag, body)
    return body


#: A page of at most this many documents is built in the request that
#: misses it (tens of milliseconds): cheaper than a trip through the queue.
INLINE_LIMIT = 500


def _body_for(etag: str, page: Optional[int], limit: Optional[int]) -> tuple[str, bytes]:
    """The body for ``etag``; while it is being built, the newest older one
    (with its own ETag: harvesters get the new one next time)."""
    slot_name = feed_cache.slot(page, limit, request.host_url)
    body = feed_cache.read(slot_name, etag)
    if body is not None:
        return etag, body
    rebuilder = current_app.extensions.get(REBUILDER)
    if rebuilder is None or (limit is not None and limit <= INLINE_LIMIT):
        return etag, _build_and_store(slot_name, etag, page, limit)
    rebuilder(page, limit, request.host_url)
    deadline = time.monotonic() + float(current_app.config["FEED_BUILD_WAIT_SECONDS"])
    while True:
        body = feed_cache.read(slot_name, etag)
        if body is not None:
            return etag, body
        stale = feed_cache.latest(slot_name)
        if stale is not None:
            return stale
        if time.monotonic() >= deadline:
            raise errors.ApiError(503, "Umpan sedang disiapkan. Silakan coba lagi sebentar lagi.",
                                  "feed_building", retry_after=FEED_RETRY_AFTER)
        time.sleep(0.1)


@bp.route("/integrasi/jdihn")
def jdihn_feed():
    params.reject_unknown(("page", "limit"))
    limit = params.integer("limit", maximum=MAX_FEED_LIMIT)
    page = params.integer("page", maximum=10_000_000)
    if page is not None and limit is None:
        limit = 100
    version = feed_version()
    etag = feed_etag(version, page, limit)
    if _not_modified(etag, version):
        response = Response(status=304)
        served = etag
    else:
        served, body = _body_for(etag, page, limit)
        response = Response(body, mimetype="application/json")
    response.set_etag(served)
    if version.last_modified and served == etag:
        response.last_modified = version.last_modified
    response.cache_control.public = True
    response.cache_control.no_cache = True
    return response


# -- Atom -----------------------------------------------------------------------------

def _document_entries(doc_type: Optional[str]) -> list[Entry]:
    query = visible_documents(ANONYMOUS)
    if doc_type:
        query = query.where(Document.doc_type == doc_type)
    query = query.order_by(Document.published_at.desc().nulls_last(), Document.id.desc())
    urls = Urls()
    return [Entry(id=urls.detail(doc), title=doc.audit_label, link=urls.detail(doc),
                  updated=doc.updated_at, published=doc.published_at, summary=doc.abstrak,
                  category=doc.type_label)
            for doc in db.session.scalars(query.limit(ATOM_ENTRIES))]


def atom_response(body: bytes) -> Response:
    response = Response(body, mimetype=ATOM_TYPE)
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.no_cache = True
    return response.make_conditional(request)


@bp.route("/feed/dokumen.atom", defaults={"doc_type": None})
@bp.route("/feed/dokumen/<doc_type>.atom")
def documents_atom(doc_type: Optional[str]):
    if doc_type is not None and doc_type not in DOC_TYPES:
        abort(404)
    site = current_app.config["SITE_NAME"]
    title = f"{site}: {DOC_TYPES[doc_type]} terbaru" if doc_type else f"{site}: dokumen terbaru"
    self_url = request.base_url
    body = render(feed_id=self_url, title=title, self_url=self_url,
                  alternate_url=url_for("catalogue.home", _external=True),
                  entries=_document_entries(doc_type), author=site, fallback_updated=utcnow())
    return atom_response(body)


def _news_entries() -> list[Entry]:
    from jdih.news.operations import published_news

    entries = []
    for news in db.session.scalars(published_news().limit(ATOM_ENTRIES)):
        link = url_for("news.detail", slug=news.slug, _external=True)
        entries.append(Entry(id=link, title=news.title, link=link, updated=news.updated_at,
                             published=news.published_at, summary=news.body_text, category="Berita"))
    return entries


@bp.route("/feed/berita.atom")
def news_atom():
    site = current_app.config["SITE_NAME"]
    body = render(feed_id=request.base_url, title=f"{site}: berita terbaru", self_url=request.base_url,
                  alternate_url=url_for("news.index", _external=True), entries=_news_entries(),
                  author=site, fallback_updated=utcnow())
    return atom_response(body)
