"""Staff pages of the open-data area: API tokens (admins), import and
export of the catalogue (staff)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from jdih.accounts.access import admin_required, staff_required
from jdih.api import exporter, import_files, importer, tokens
from jdih.api.columns import COLUMNS
from jdih.api.forms import ExportForm, ImportConfirmForm, ImportUploadForm, TokenForm
from jdih.api.models import ApiToken
from jdih.core.actions import apply
from jdih.core.security import accepts_uploads
from jdih.extensions import db

bp = Blueprint("api_admin", __name__)


def _token_page(form: TokenForm, new_token: str | None = None, status: int = 200):
    response = make_response(render_template(
        "api/tokens.html", form=form, tokens=tokens.list_tokens(), new_token=new_token), status)
    # The page may show a token once: keep it out of every cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/admin/token", methods=["GET", "POST"])
@admin_required
def token_list():
    form = TokenForm()
    if not form.validate_on_submit():
        return _token_page(form, status=400 if form.is_submitted() else 200)
    issued = apply(lambda: tokens.issue_token(form.name.data, form.role.data, current_user.id),
                   form=form, field="name")
    if not issued:
        return _token_page(form, status=400)
    # Shown in this response only (never flashed: the session cookie is readable).
    return _token_page(TokenForm(formdata=None), new_token=issued.value[1])


@bp.route("/admin/token/<int:token_id>/cabut", methods=["POST"])
@admin_required
def token_revoke(token_id: int):
    record = db.session.get(ApiToken, token_id)
    if record is None:
        abort(404)
    apply(lambda: tokens.revoke_token(record), success=f"Token \u201c{record.name}\u201d dicabut.")
    return redirect(url_for("api_admin.token_list"))


# -- import ---------------------------------------------------------------------------

def _find_type(jenis_word: str):
    return importer.Vocabulary().type_for(jenis_word)


def _read_plan(upload: import_files.StoredUpload) -> importer.Plan:
    rows = import_files.read(upload.read_bytes(), upload.file_format, _find_type)
    return importer.make_plan(rows)


@bp.route("/staf/impor", methods=["GET", "POST"])
@accepts_uploads
@staff_required
def import_upload():
    form = ImportUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        try:
            stored = import_files.store(data, upload.filename, current_user.id, form.publish.data)
            _read_plan(stored)  # refuse an unreadable file here, not on the next page
        except import_files.ImportFileError as error:
            form.file.errors = [error.message]
        else:
            return redirect(url_for("api_admin.import_preview", digest=stored.digest))
    status = 400 if form.is_submitted() else 200
    return render_template("api/import_upload.html", form=form, columns=COLUMNS), status


def _stored_or_404(digest: str) -> import_files.StoredUpload:
    stored = import_files.load(digest)
    if stored is None:
        abort(404)
    return stored


@bp.route("/staf/impor/<digest>")
@staff_required
def import_preview(digest: str):
    stored = _stored_or_404(digest)
    plan = _read_plan(stored)
    return render_template("api/import_preview.html", stored=stored, plan=plan,
                           form=ImportConfirmForm(digest=digest), importer=importer)


@bp.route("/staf/impor/<digest>/terapkan", methods=["POST"])
@staff_required
def import_apply(digest: str):
    stored = _stored_or_404(digest)
    form = ImportConfirmForm()
    if not form.validate_on_submit() or form.digest.data != digest:
        abort(400)
    plan = _read_plan(stored)
    try:
        created, updated = importer.apply_plan(plan, publish_new=stored.publish)
    except importer.ApplyFailed as error:
        db.session.rollback()
        flash(f"Impor dibatalkan, tidak ada perubahan yang disimpan. {error}", "error")
        return redirect(url_for("api_admin.import_preview", digest=digest))
    db.session.commit()
    import_files.discard(stored)
    flash(f"Impor selesai: {created} dokumen dibuat, {updated} diperbarui, "
          f"{plan.count(importer.REFUSE)} baris ditolak.", "success")
    return redirect(url_for("catalogue_admin.list_documents"))


# -- export ---------------------------------------------------------------------------

@bp.route("/staf/ekspor")
@staff_required
def export_catalogue():
    form = ExportForm(request.args, meta={"csrf": False})
    if "format" not in request.args:
        return render_template("api/export.html", form=form)
    if not form.validate():
        return render_template("api/export.html", form=form), 400
    query = exporter.export_query(form.tipe.data or None, form.tahun.data, form.status.data or None)
    file_format = form.format.data
    body = exporter.export(file_format, query)
    name = "katalog-jdih" + "".join(f"-{part}" for part in (form.tipe.data, form.tahun.data,
                                                            form.status.data) if part)
    response = make_response(body)
    response.mimetype = exporter.MIME_TYPES[file_format]
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    response.headers["Cache-Control"] = "no-store"
    return response
