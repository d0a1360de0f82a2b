"""Public follow form, confirmation and unsubscribe; a signed-in account's
follows at /akun/langganan."""
from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from jdih.alerts import events, operations
from jdih.alerts.models import FREQUENCIES, TARGET_KINDS, Follow
from jdih.accounts.views import safe_next
from jdih.extensions import csrf, db, limiter

log = logging.getLogger(__name__)
bp = Blueprint("alerts", __name__)


def follow_rate_limit() -> str:
    return current_app.config.get("ALERT_FOLLOW_RATE_LIMIT", "10 per hour")


def _email_key() -> str:
    return "alerts-email:" + (request.form.get("email") or "").strip().lower()


def _back() -> str:
    return safe_next(request.form.get("next")) or url_for("catalogue.home")


@bp.route("/ikuti", methods=["POST"])
@limiter.limit(follow_rate_limit, methods=["POST"])
@limiter.limit(follow_rate_limit, methods=["POST"], key_func=_email_key)
def follow():
    """Follow a document, search, subject or type: signed-in accounts at
    once, anyone else after confirming the link mailed to them."""
    kind, value = request.form.get("kind", ""), request.form.get("value", "")
    frequency = request.form.get("frequency", "immediate")
    try:
        if current_user.is_authenticated:
            operations.follow_as_user(current_user, kind, value, frequency)
            db.session.commit()
            flash("Langganan disimpan. Kabar akan dikirim ke " + current_user.email + ".", "success")
            return redirect(_back())
        followed, needs_mail = operations.request_follow(request.form.get("email", ""), kind, value, frequency)
        db.session.commit()
    except operations.AlertError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(_back())
    if needs_mail:
        try:
            events.send_confirmation(followed.id)
        except Exception:  # the follow is kept; asking again resends the mail
            log.exception("confirmation mail not sent", extra={"follow": followed.id})
    return render_template("alerts/requested.html", email=followed.email), 200


@bp.route("/ikuti/konfirmasi/<token>")
def confirm(token: str):
    followed = operations.confirm(token)
    if followed is None:
        return render_template("alerts/invalid.html"), 400
    db.session.commit()
    return render_template("alerts/confirmed.html", follow=followed,
                           label=operations.target_label(followed),
                           unsubscribe_token=operations.unsubscribe_token(followed))


@bp.route("/berhenti/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the authority; mail clients POST it (RFC 8058)
def unsubscribe(token: str):
    follows = operations.follows_for_unsubscribe(token)
    if request.method == "GET":
        labels = [operations.target_label(f) for f in follows]
        return render_template("alerts/unsubscribe.html", token=token, labels=labels), 200
    removed = operations.unsubscribe(follows)
    db.session.commit()
    return render_template("alerts/unsubscribed.html", removed=removed), 200


@bp.route("/akun/langganan")
@login_required
def manage():
    follows = operations.follows_of(current_user)
    rows = [(f, operations.target_label(f)) for f in follows]
    return render_template("alerts/manage.html", rows=rows, kinds=TARGET_KINDS, frequencies=FREQUENCIES)


@bp.route("/akun/langganan/<int:follow_id>/hapus", methods=["POST"])
@login_required
def remove(follow_id: int):
    followed = db.session.get(Follow, follow_id)
    if followed is None or followed not in operations.follows_of(current_user):
        abort(404)
    operations.unsubscribe([followed])
    db.session.commit()
    flash("Langganan dihapus.", "success")
    return redirect(url_for("alerts.manage"))
