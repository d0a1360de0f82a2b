"""member pages (profil, kontak, panduan) edited by admins

Revision ID: stats_0003
Revises: stats_0002
Create Date: 2026-11-30 07:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = "stats_0003"
down_revision = "stats_0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "site_page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["updated_by_id"], ["user_account.id"],
                                name=op.f("fk_site_page_updated_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_page")),
        sa.UniqueConstraint("slug", name=op.f("uq_site_page_slug")),
    )


def downgrade():
    op.drop_table("site_page")
