"""Who may see and do what. Every view and download asks here.

The reader policy lives here and nowhere else: ``can_read(record, user)``
for one row, ``readable(query, user)`` (or ``read_filter``) for SQL. Every
path that shows a document to a reader (pages, relation ends, status,
feeds, the API, news citation links) asks one of them; no other module
compares ``state`` or ``visibility`` to decide what a reader sees.
"""
from __future__ import annotations

import hmac
from functools import wraps
from typing import Any, Callable, Optional

from flask import abort, redirect, request, url_for
from flask_login import LoginManager, current_user
from sqlalchemy import and_

from jdih.core.http import wants_json
from jdih.extensions import db

PUBLIC_ONLY = ("public",)
PARTNER_VISIBLE = ("public", "partner")
ALL_VISIBILITIES = ("public", "partner", "internal")


def init_login_manager(login_manager: LoginManager) -> None:
    from jdih.accounts.models import User

    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Silakan masuk untuk membuka halaman ini."
    login_manager.login_message_category = "info"
    # A stolen session cookie used from another browser is refused.
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> Optional[User]:
        """The account named by a session or remember-me cookie, if that
        cookie's session token is still the account's (see User.get_id)."""
        number, _, token = (user_id or "").partition(":")
        if not number.isdigit() or not token:
            return None
        user = db.session.get(User, int(number))
        if user is None or not hmac.compare_digest(user.session_token, token):
            return None
        return user


def is_staff(user: Any = None) -> bool:
    user = current_user if user is None else user
    return bool(user and user.is_authenticated and user.is_staff)


def is_admin(user: Any = None) -> bool:
    user = current_user if user is None else user
    return bool(user and user.is_authenticated and user.is_admin)


def readable_visibilities(user: Any = None) -> tuple[str, ...]:
    """The visibility levels whose published records ``user`` may read."""
    user = current_user if user is None else user
    if not user or not user.is_authenticated:
        return PUBLIC_ONLY
    if user.is_staff:
        return ALL_VISIBILITIES
    if user.is_partner:
        return PARTNER_VISIBLE
    return PUBLIC_ONLY


def can_read(record: Any, user: Any = None) -> bool:
    """Staff read everything not deleted; others read published records of
    a visibility their role allows."""
    user = current_user if user is None else user
    if getattr(record, "is_deleted", False):
        return is_staff(user)
    if is_staff(user):
        return True
    return record.state == "published" and record.visibility in readable_visibilities(user)


def read_filter(model: Any, user: Any = None, *, drafts: bool = False) -> Any:
    """The SQL form of ``can_read`` over ``model`` (Document, News...).

    Listings leave ``drafts`` False: they show published records, even to
    staff, who open drafts from their own lists. Deleted rows are never
    listed (staff open them one at a time, through ``can_read``).
    """
    user = current_user if user is None else user
    conditions = [model.is_deleted.is_(False)]
    if not (drafts and is_staff(user)):
        conditions.append(model.state == "published")
    if "visibility" in model.__table__.c:  # news has no visibility: public once published
        conditions.append(model.visibility.in_(readable_visibilities(user)))
    return and_(*conditions)


def readable(query: Any, model: Any, user: Any = None, *, drafts: bool = False) -> Any:
    """``query`` narrowed to the rows of ``model`` that ``user`` may read."""
    return query.where(read_filter(model, user, drafts=drafts))


def _deny() -> Any:
    """Anonymous people go to the login page; signed-in ones get 403."""
    if not current_user.is_authenticated and not wants_json():
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    abort(403 if current_user.is_authenticated else 401)


def role_required(check: Callable[[Any], bool]) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not check(current_user):
                return _deny()
            return view(*args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(is_staff)
admin_required = role_required(is_admin)
