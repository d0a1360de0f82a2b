"""task_job: the ledger of background jobs

Revision ID: worker_0001
Revises: newsimport_0001
Create Date: 2026-12-01 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = "worker_0001"
down_revision = "newsimport_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "task_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_job")),
    )
    with op.batch_alter_table("task_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_job_state"), ["state"], unique=False)


def downgrade():
    with op.batch_alter_table("task_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_job_state"))
    op.drop_table("task_job")
