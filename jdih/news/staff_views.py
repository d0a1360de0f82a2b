"""Staff pages for news: list, create, edit, workflow, photos, and the
review of each news item's citations.

Views parse the request, check access and call ``operations``/``citelinks``;
they commit once at the end, or roll back so a refused change leaves nothing.
"""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from jdih.accounts.access import staff_required
from jdih.citations.models import NewsCitation
from jdih.citations.resolve import document_for_reference, resolve
from jdih.core.actions import apply
from jdih.core.versioning import StaleEdit, parse_version
from jdih.core.security import accepts_uploads
from jdih.extensions import db
from jdih.news import citelinks, operations
from jdih.news.forms import CitationLinkForm, NewsForm, PhotoForm, PhraseLinkForm
from jdih.news.models import News, NewsPhoto

bp = Blueprint("news_admin", __name__, url_prefix="/staf/berita")


def _form_values(form: NewsForm) -> dict:
    return {"title": form.title.data, "news_date": form.news_date.data, "place": form.place.data,
            "body": form.body.data, "credit": form.credit.data, "tags": form.tags.data or ""}


@bp.route("")
@staff_required
def list_news():
    deleted = request.args.get("dihapus") == "1"
    query = select(News).where(News.is_deleted.is_(deleted)).order_by(News.news_date.desc(), News.id.desc())
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("news/staff_list.html", page=page, deleted=deleted)


@bp.route("/baru", methods=["GET", "POST"])
@staff_required
def create():
    form = NewsForm()
    if form.validate_on_submit():
        saved = apply(lambda: operations.create_news(_form_values(form)),
                      success="Berita disimpan sebagai draf.", form=form)
        if saved:
            return redirect(url_for("news_admin.edit", news_id=saved.value.id))
    return render_template("news/form.html", form=form, news=None), 400 if form.errors else 200


def _edit_page(news: News, form: NewsForm | None = None, status: int = 200, **forms):
    if form is None:
        form = NewsForm(data={"title": news.title, "news_date": news.news_date, "place": news.place,
                              "body": news.body_html, "credit": news.credit,
                              "tags": ", ".join(news.tags or []), "version": news.version})
    rows = citelinks.citations_of(news)
    candidates = {row.id: resolve(row).documents for row in rows
                  if row.document_id is None and row.state != "rejected"}
    return render_template(
        "news/form.html", form=form, news=news, citations=rows, candidates=candidates,
        photo_form=forms.get("photo_form") or PhotoForm(),
        link_form=forms.get("link_form") or CitationLinkForm(),
        phrase_form=forms.get("phrase_form") or PhraseLinkForm()), status


@bp.route("/<int:news_id>", methods=["GET", "POST"])
@staff_required
def edit(news_id: int):
    news = db.get_or_404(News, news_id)
    if request.method == "GET":
        return _edit_page(news)
    form = NewsForm()
    if form.validate_on_submit():
        saved = apply(lambda: operations.update_news(news, _form_values(form),
                                                     parse_version(form.version.data)), form=form)
        if saved:
            flash("Perubahan disimpan." if saved.value else "Tidak ada perubahan; sitasi diperiksa ulang.",
                  "success")
            return redirect(url_for("news_admin.edit", news_id=news.id))
        if isinstance(saved.error, StaleEdit):
            # The person's input stays; saving again now builds on what is stored.
            form.version.data = news.version
            return _edit_page(news, form, 409)
    return _edit_page(news, form, 400)


WORKFLOW = {
    "terbitkan": (operations.publish, "Berita diterbitkan."),
    "tarik": (operations.unpublish, "Berita ditarik menjadi draf."),
    "hapus": (operations.delete, "Berita dihapus. Anda dapat memulihkannya."),
    "pulihkan": (operations.restore, "Berita dipulihkan."),
}


@bp.route("/<int:news_id>/<any(terbitkan, tarik, hapus, pulihkan):action>", methods=["POST"])
@staff_required
def workflow(news_id: int, action: str):
    news = db.get_or_404(News, news_id)
    change, message = WORKFLOW[action]
    apply(lambda: change(news), success=message)
    return redirect(url_for("news_admin.edit", news_id=news.id))


@bp.route("/<int:news_id>/foto", methods=["POST"])
@accepts_uploads
@staff_required
def upload_photo(news_id: int):
    news = db.get_or_404(News, news_id)
    form = PhotoForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash("Unggahan ditolak: " + " ".join(errors), "error")
        return _edit_page(news, status=400, photo_form=form)
    if not apply(lambda: operations.add_photo(news, form.file.data, form.caption.data),
                 success="Foto diunggah.", prefix="Unggahan ditolak: "):
        return _edit_page(news, status=422)
    return redirect(url_for("news_admin.edit", news_id=news.id))


@bp.route("/foto/<int:photo_id>/hapus", methods=["POST"])
@staff_required
def remove_photo(photo_id: int):
    photo = db.get_or_404(NewsPhoto, photo_id)
    operations.remove_photo(photo)
    db.session.commit()
    flash("Foto dihapus.", "success")
    return redirect(url_for("news_admin.edit", news_id=photo.news_id))


# -- citation review ------------------------------------------------------------

DECISIONS = {
    "konfirmasi": (citelinks.confirm, "Tautan sitasi dikonfirmasi."),
    "tolak": (citelinks.reject, "Sitasi ditolak; tidak akan disarankan lagi untuk berita ini."),
    "atur-ulang": (citelinks.reset, "Keputusan dihapus; sitasi kembali menjadi saran otomatis."),
}


@bp.route("/sitasi/<int:citation_id>/<any(konfirmasi, tolak, 'atur-ulang'):action>", methods=["POST"])
@staff_required
def decide(citation_id: int, action: str):
    row = db.get_or_404(NewsCitation, citation_id)
    news_id = row.news_id
    change, message = DECISIONS[action]
    apply(lambda: change(row), success=message)
    return redirect(url_for("news_admin.edit", news_id=news_id) + "#sitasi")


@bp.route("/sitasi/<int:citation_id>/tautkan", methods=["POST"])
@staff_required
def link_citation(citation_id: int):
    row = db.get_or_404(NewsCitation, citation_id)
    news = db.session.get(News, row.news_id)
    form = CitationLinkForm()
    if not form.validate_on_submit():
        return _edit_page(news, status=400, link_form=form)
    document = document_for_reference(form.document.data)
    if document is None:
        form.document.errors = [f"Dokumen \u201c{form.document.data}\u201d tidak ditemukan di katalog."]
        return _edit_page(news, status=422, link_form=form)
    citelinks.link_by_hand(row, document)
    db.session.commit()
    flash("Sitasi ditautkan ke dokumen pilihan Anda.", "success")
    return redirect(url_for("news_admin.edit", news_id=news.id) + "#sitasi")


@bp.route("/<int:news_id>/sitasi-manual", methods=["POST"])
@staff_required
def add_phrase_link(news_id: int):
    news = db.get_or_404(News, news_id)
    form = PhraseLinkForm()
    if not form.validate_on_submit():
        return _edit_page(news, status=400, phrase_form=form)
    document = document_for_reference(form.document.data)
    if document is None:
        form.document.errors = [f"Dokumen \u201c{form.document.data}\u201d tidak ditemukan di katalog."]
        return _edit_page(news, status=422, phrase_form=form)
    added = apply(lambda: citelinks.add_phrase_link(news, form.phrase.data, document), form=form,
                  field="phrase")
    if not added:
        return _edit_page(news, status=422, phrase_form=form)
    flash(f"Tautan manual ditambahkan ({added.value} kemunculan).", "success")
    return redirect(url_for("news_admin.edit", news_id=news.id) + "#sitasi")
