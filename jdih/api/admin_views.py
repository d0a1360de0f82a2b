"""Staff pages of the open-data area: API tokens (admins), import and
export of the catalogue (staff)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_login import current_user

from jdih.accounts.access import admin_required
from jdih.api import tokens
from jdih.api.forms import TokenForm
from jdih.api.models import ApiToken
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
    try:
        _, token = tokens.issue_token(form.name.data, form.role.data, current_user.id)
    except tokens.TokenError as error:
        db.session.rollback()
        form.name.errors = [error.message]
        return _token_page(form, status=400)
    db.session.commit()
    # Shown in this response only (never flashed: the session cookie is readable).
    return _token_page(TokenForm(formdata=None), new_token=token)


@bp.route("/admin/token/<int:token_id>/cabut", methods=["POST"])
@admin_required
def token_revoke(token_id: int):
    record = db.session.get(ApiToken, token_id)
    if record is None:
        abort(404)
    try:
        tokens.revoke_token(record)
    except tokens.TokenError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(f"Token \u201c{record.name}\u201d dicabut.", "success")
    return redirect(url_for("api_admin.token_list"))
