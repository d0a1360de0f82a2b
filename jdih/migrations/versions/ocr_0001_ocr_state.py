"""ocr_file, ocr_page: OCR of scanned PDF pages

Revision ID: ocr_0001
Revises: alerts_0001
Create Date: 2026-11-30 10:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = "ocr_0001"
down_revision = "alerts_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ocr_file",
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("pages_total", sa.Integer(), nullable=False),
        sa.Column("pages_done", sa.Integer(), nullable=False),
        sa.Column("pages_failed", sa.Integer(), nullable=False),
        sa.Column("pages_skipped", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachment.id"],
                                name=op.f("fk_ocr_file_attachment_id_attachment"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("attachment_id", name=op.f("pk_ocr_file")),
    )
    op.create_index(op.f("ix_ocr_file_state"), "ocr_file", ["state"], unique=False)
    op.create_table(
        "ocr_page",
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("page_no", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("layer_text", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachment.id"],
                                name=op.f("fk_ocr_page_attachment_id_attachment"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("attachment_id", "page_no", name=op.f("pk_ocr_page")),
    )


def downgrade():
    op.drop_table("ocr_page")
    op.drop_index(op.f("ix_ocr_file_state"), table_name="ocr_file")
    op.drop_table("ocr_file")
