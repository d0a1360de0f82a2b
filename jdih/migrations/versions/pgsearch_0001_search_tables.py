"""search tables of the PostgreSQL search backend

Revision ID: pgsearch_0001
Revises: stats_0003
Create Date: 2026-11-30 07:00:00

Only on PostgreSQL: the pg_trgm extension (when this role may create it;
otherwise a clear error names the statement a superuser must run), the
search_entry, search_page and search_term tables and their GIN indexes
(jdih/search/pg_schema.py). They are created whichever SEARCH_BACKEND is
set, so switching to "postgres" needs only `flask search reindex`.
"""
from alembic import op
from sqlalchemy import text

from jdih.search.pg_schema import CREATE_STATEMENTS, DROP_STATEMENTS
from jdih.search.pg_store import ensure_extension

revision = "pgsearch_0001"
down_revision = "stats_0003"
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    ensure_extension(bind)
    for statement in CREATE_STATEMENTS:
        bind.execute(text(statement))


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for statement in DROP_STATEMENTS:
        bind.execute(text(statement))
