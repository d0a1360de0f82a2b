"""fixity check results

Revision ID: harden_0001
Revises: edits_0001
Create Date: 2026-11-30 04:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = "harden_0001"
down_revision = "edits_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "fixity_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checked", sa.Integer(), nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("altered", sa.Integer(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fixity_check")),
    )
    with op.batch_alter_table("fixity_check", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fixity_check_started_at"), ["started_at"], unique=False)


def downgrade():
    with op.batch_alter_table("fixity_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fixity_check_started_at"))
    op.drop_table("fixity_check")
