"""Member pages: /profil, /profil/<slug>, /kontak, /panduan, /peta-situs,
and their editor for admins at /admin/halaman."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from jdih.accounts.access import admin_required
from jdih.core.versioning import StaleEdit, parse_version
from jdih.extensions import db
from jdih.pages import catalog, operations
from jdih.pages.catalog import PageSpec
from jdih.pages.forms import PageForm
from jdih.pages.sitemap import site_map

bp = Blueprint("pages", __name__)


@bp.app_context_processor
def footer_contact() -> dict:
    """``footer_contact()`` for base.html: the kontak page's summary, read
    only when a footer is rendered, at most once a minute per process."""
    return {"footer_contact": operations.footer_contact}


def _show(spec: PageSpec):
    return render_template("pages/page.html", spec=spec, page=operations.get_page(spec.slug),
                           profile_pages=catalog.PROFILE_PAGES)


@bp.route("/profil")
def profile_index():
    return render_template("pages/profile_index.html", profile_pages=catalog.PROFILE_PAGES,
                           pages=operations.pages_by_slug())


@bp.route("/profil/<slug>")
def profile(slug: str):
    spec = catalog.spec_for(slug, catalog.SECTION_PROFILE)
    if spec is None:
        abort(404)
    return _show(spec)


@bp.route("/kontak")
def contact():
    return _show(catalog.BY_SLUG["kontak"])


@bp.route("/panduan")
def guide():
    return _show(catalog.BY_SLUG["panduan"])


@bp.route("/peta-situs")
def site_map_page():
    return render_template("pages/site_map.html", sections=site_map())


@bp.route("/admin/halaman")
@admin_required
def page_list():
    return render_template("pages/admin_list.html", specs=catalog.PAGES, pages=operations.pages_by_slug())


@bp.route("/admin/halaman/<slug>", methods=["GET", "POST"])
@admin_required
def edit_page(slug: str):
    spec = catalog.spec_for(slug)
    if spec is None:
        abort(404)
    page = operations.get_page(slug)
    form = PageForm(obj=None)
    if not form.is_submitted():
        form.title.data = page.title if page else spec.title
        form.body.data = page.body_html if page else ""
        form.summary.data = (page.summary or "") if page else ""
        form.version.data = str(page.version) if page else ""
    if form.validate_on_submit():
        try:
            operations.save_page(spec, form.title.data, form.body.data or "", form.summary.data or "",
                                 parse_version(form.version.data))
            db.session.commit()
        except StaleEdit as stale:
            db.session.rollback()
            flash(str(stale), "error")
            form.version.data = str(stale.current_version)
            return render_template("pages/admin_edit.html", spec=spec, page=page, form=form), 409
        flash(f"Halaman \u201c{spec.title}\u201d disimpan.", "success")
        return redirect(url_for("pages.edit_page", slug=slug))
    status = 400 if form.is_submitted() else 200
    return render_template("pages/admin_edit.html", spec=spec, page=page, form=form), status
