"""indexes for the home page's newest documents and the browse listings

Revision ID: perf_0001
Revises: harden_0001
Create Date: 2026-11-30 07:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "perf_0001"
down_revision = "harden_0001"
branch_labels = None
depends_on = None

LISTED = sa.text("state = 'published' AND is_deleted = false")


def _postgresql() -> bool:
    # SQLite cannot index NULLS LAST (the models say the same: ddl_if).
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if not _postgresql():
        return
    for name, order in (("ix_document_latest", "published_at"), ("ix_document_browse", "tahun")):
        op.create_index(name, "document", ["doc_type", sa.text(f"{order} DESC NULLS LAST"), sa.text("id DESC")],
                        postgresql_where=LISTED)


def downgrade():
    if not _postgresql():
        return
    for name in ("ix_document_browse", "ix_document_latest"):
        op.drop_index(name, table_name="document")
