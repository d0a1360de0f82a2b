"""A request whose database connection dies under it is run once more.

``pool_pre_ping`` replaces connections that died while idle in the pool,
but not one that dies while a request holds it: a database restart, a
failover, or ``pg_terminate_backend`` turn every request in flight at that
moment into a 500. Such a request is safe to run again when nothing of it
was committed (the server rolled back what it had begun), so it is, once,
on a fresh connection: the user sees the page or the saved form instead of
an error. A request that committed something is never repeated.
"""
from __future__ import annotations

import logging

from flask import Flask, g, has_request_context, request
from flask.typing import ResponseReturnValue
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
COMMITTED = "_jdih_committed"


class ReconnectingFlask(Flask):
    """Flask, with one retry of a request that lost its connection."""

    def full_dispatch_request(self) -> ResponseReturnValue:
        try:
            return super().full_dispatch_request()
        except DBAPIError as error:
            if not (error.connection_invalidated and not g.get(COMMITTED)):
                raise
            log.warning("database connection lost during %s %s; running the request again",
                        request.method, request.path)
            _forget_the_dead_session()
            return super().full_dispatch_request()


def _forget_the_dead_session() -> None:
    from jdih.extensions import db

    try:
        db.session.rollback()
    except DBAPIError:
        pass  # the connection is gone: nothing to roll back
    db.session.remove()
    # Objects loaded through the dead session (the logged-in user) are
    # detached now: let Flask-Login load the user again.
    g.pop("_login_user", None)
    for upload in request.files.values():
        upload.stream.seek(0)  # the first run may have read it


def _mark_committed(_session: Session) -> None:
    if has_request_context():
        setattr(g, COMMITTED, True)


def install() -> None:
    """Remember, per request, that something was committed (called by create_app)."""
    if not event.contains(Session, "after_commit", _mark_committed):
        event.listen(Session, "after_commit", _mark_committed)
