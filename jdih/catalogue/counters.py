"""Reader counters: how often a document page was viewed.

Counted in SQL so concurrent readers do not overwrite each other, and a
view is not an edit (updated_at keeps its value, the version column is not
bumped). On PostgreSQL the count is its own short transaction on a
connection of its own, without waiting for the WAL flush: a page view
should not cost a disk sync, and the reader's session keeps the document
it loaded instead of reading it again after a commit. A count lost in a
crash is acceptable; a slower page for every reader is not.
"""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from jdih.catalogue.daily_counts import KIND_VIEW, bump_statement
from jdih.catalogue.models import Document
from jdih.extensions import db


def _increment():
    return (update(Document).values(view_count=Document.view_count + 1, updated_at=Document.updated_at)
            .returning(Document.view_count))


def count_view(doc: Document) -> None:
    """Add one view to ``doc`` (and to today's total) and show the new count on it."""
    if db.engine.dialect.name != "postgresql":
        # SQLite has one writer: count in the request's own session.
        db.session.execute(_increment().where(Document.id == doc.id))
        db.session.execute(bump_statement(KIND_VIEW))
        db.session.commit()
        db.session.refresh(doc)
        return
    with db.engine.begin() as connection:
        connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
        views = connection.execute(_increment().where(Document.id == doc.id)).scalar_one()
        # The month's figure on the statistics page: one more row write in the same commit.
        connection.execute(bump_statement(KIND_VIEW))
    set_committed_value(doc, "view_count", views)
