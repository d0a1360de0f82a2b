"""Staff pages of the open-data area: API tokens (admins), import and
export of the catalogue (staff)."""
from __future__ import annotations

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from jdih.accounts.access import admin_required, staff_required
from jdih.api import exporter, import_files, import_jobs, importer, tokens
from jdih.api.columns import COLUMNS
from jdih.api.forms import ExportForm, ImportConfirmForm, ImportUploadForm, TokenForm
from jdih.api.models import ApiToken
from jdih.core import jobs
from jdih.core.actions import apply
from jdih.core.http import wants_json
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

IMPORT_JOB = "import_apply"
_read_plan = import_jobs.read_plan


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
    """Hand the import to the worker: thousands of rows take minutes, longer
    than any request may run. The next page follows the job."""
    _stored_or_404(digest)
    form = ImportConfirmForm()
    if not form.validate_on_submit() or form.digest.data != digest:
        abort(400)
    job_id = jobs.submit(IMPORT_JOB, {"digest": digest}, current_user.id)
    return redirect(url_for("api_admin.import_job", job_id=job_id))


@bp.route("/staf/impor/tugas/<int:job_id>")
@staff_required
def import_job(job_id: int):
    job = jobs.status(job_id)
    if job is None or job.name != IMPORT_JOB:
        abort(404)
    if wants_json():
        return {"id": job.id, "status": job.state, "label": job.state_label, "selesai": job.finished,
                "berhasil": job.succeeded, "pesan": job.message, "diproses": job.done,
                "total": job.total}
    return render_template("api/import_job.html", job=job)


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
