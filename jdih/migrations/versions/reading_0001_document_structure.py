"""document_structure: the parsed structure of a document's main text

Revision ID: reading_0001
Revises: perf_0001
Create Date: 2026-11-30 07:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = "reading_0001"
down_revision = "perf_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "document_structure",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("tree", sa.JSON(), nullable=True),
        sa.Column("parser_version", sa.String(length=20), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("parsed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachment.id"],
                                name=op.f("fk_document_structure_attachment_id_attachment"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"],
                                name=op.f("fk_document_structure_document_id_document"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_structure")),
    )


def downgrade():
    op.drop_table("document_structure")
