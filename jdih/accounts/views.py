"""Login, logout and the admin's user management."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from jdih.accounts import operations, throttle
from jdih.accounts.access import admin_required
from jdih.accounts.forms import LoginForm, UserCreateForm, UserEditForm
from jdih.accounts.models import User
from jdih.core.actions import apply
from jdih.extensions import db

bp = Blueprint("accounts", __name__)


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ch in target for ch in ("\\", "\r", "\n", "\t")):
        return None
    return target


def landing_page(user) -> str:
    """Where a login without ``next`` leads: staff to their workspace."""
    return url_for("workspace.home") if user.is_staff else url_for("catalogue.home")


def _throttled(form: LoginForm, email: str, address: str):
    """The login form with the wait, if this account or address must wait."""
    wait = throttle.wait_seconds(email, address)
    if wait is None:
        return None
    form.password.errors = list(form.password.errors) + [throttle.wait_message(wait)]
    response = make_response(render_template("accounts/login.html", form=form), 429)
    response.headers["Retry-After"] = str(wait)
    return response


@bp.route("/masuk", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or landing_page(current_user))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email, address = operations.normalise_email(form.email.data), get_remote_address()
        # Checked before the password, so a waiting account reveals nothing.
        throttled = _throttled(form, email, address)
        if throttled is not None:
            return throttled
        user = operations.authenticate(email, form.password.data)
        if user is not None:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            flash("Selamat datang.", "success")
            return redirect(safe_next(form.next.data) or landing_page(user))
        throttle.record_failure(email, address)
        flash("Email atau kata sandi salah.", "error")
    return render_template("accounts/login.html", form=form)


@bp.route("/keluar", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        # Ends this account's sessions everywhere: a copied session or
        # remember-me cookie must not outlive the logout.
        operations.log_out_everywhere(current_user)
        db.session.commit()
    logout_user()
    flash("Anda telah keluar.", "info")
    return redirect(url_for("catalogue.home"))


@bp.route("/admin/pengguna")
@admin_required
def list_users():
    users = db.session.scalars(select(User).order_by(User.email)).all()
    return render_template("accounts/users.html", users=users)


@bp.route("/admin/pengguna/baru", methods=["GET", "POST"])
@admin_required
def create_user():
    form = UserCreateForm()
    if form.validate_on_submit():
        created = apply(lambda: operations.create_user(form.email.data, form.password.data,
                                                       form.role.data, form.name.data or ""),
                        form=form, field="email")
        if created:
            flash(f"Pengguna {created.value.email} dibuat.", "success")
            return redirect(url_for("accounts.list_users"))
    return render_template("accounts/user_form.html", form=form, user=None)


@bp.route("/admin/pengguna/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(obj=user)
    if form.validate_on_submit():
        if user.id == current_user.id and (form.role.data != "admin" or not form.active.data):
            form.role.errors = list(form.role.errors) + [
                "Anda tidak dapat mencabut hak admin atau menonaktifkan akun sendiri."]
        else:
            if apply(lambda: operations.update_user(user, name=form.name.data or "", role=form.role.data,
                                                    active=form.active.data,
                                                    password=form.password.data or None),
                     success=f"Pengguna {user.email} diperbarui.", form=form, field="name"):
                if user.id == current_user.id:
                    # A new password of one's own ends the other sessions, not this one.
                    login_user(user)
                return redirect(url_for("accounts.list_users"))
    return render_template("accounts/user_form.html", form=form, user=user)
