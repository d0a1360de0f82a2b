"""per-day view and download counters for the statistics page

Revision ID: stats_0001
Revises: reading_0001
Create Date: 2026-11-30 07:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "stats_0001"
down_revision = "reading_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "daily_count",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "kind", name=op.f("pk_daily_count")),
    )


def downgrade():
    op.drop_table("daily_count")
