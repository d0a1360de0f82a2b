"""Public news pages: the list, a news item with its citations linked, photos.

Also gives the document page what it needs from news: the ``news_citing``
template global ("Disebut dalam berita").
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, send_file
from flask_login import current_user
from sqlalchemy import select

from jdih.accounts.access import can_read
from jdih.catalogue import attachments as catalogue_files
from jdih.extensions import db
from jdih.news import citelinks
from jdih.news.htmltext import insert_links
from jdih.news.models import News, NewsPhoto
from jdih.news.operations import published_news

bp = Blueprint("news", __name__)


@bp.app_template_global("news_citing")
def news_citing(document):
    """Published news citing ``document`` (for templates/news/_cited_in.html)."""
    return citelinks.news_citing(document)


@bp.app_template_global("latest_news")
def latest_news(limit: int = 3) -> list[News]:
    """The newest published news (for the home page)."""
    return list(db.session.scalars(published_news().limit(limit)))


def get_readable_news(slug: str) -> News:
    """The news item at ``slug`` if the reader may see it; 404 otherwise."""
    news = db.session.scalar(select(News).where(News.slug == slug))
    if news is None or not can_read(news):
        abort(404)
    return news


@bp.route("/berita")
def index():
    page = db.paginate(published_news(), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("news/index.html", page=page)


@bp.route("/berita/<slug>")
def detail(slug: str):
    news = get_readable_news(slug)
    body = insert_links(news.body_html, citelinks.reader_links(news, current_user))
    return render_template("news/detail.html", news=news, body=body)


@bp.route("/berita/<slug>/foto/<int:photo_id>/<path:filename>")
def photo(slug: str, photo_id: int, filename: str):
    news = get_readable_news(slug)
    item = db.session.get(NewsPhoto, photo_id)
    if item is None or item.news_id != news.id or item.is_deleted:
        abort(404)
    path = catalogue_files.file_store().path_for(item.sha256)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype=item.content_type, download_name=item.filename,
                     conditional=True, max_age=0)
