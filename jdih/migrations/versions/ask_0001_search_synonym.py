"""search synonyms: the list staff edit at /staf/kosakata/pencarian, seeded with the
shipped defaults (jdih/search/data/kosakata.toml)

Revision ID: ask_0001
Revises: alerts_0001
Create Date: 2026-11-30 10:40:00

"""
import tomllib
from datetime import datetime, timezone
from pathlib import Path

from alembic import op
import sqlalchemy as sa


revision = "ask_0001"
down_revision = "ocr_0001"
branch_labels = None
depends_on = None

DEFAULTS = Path(__file__).resolve().parents[2] / "search" / "data" / "kosakata.toml"


def upgrade():
    table = op.create_table(
        "search_synonym",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=120), nullable=False),
        sa.Column("formal", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_synonym")),
        sa.UniqueConstraint("term", name=op.f("uq_search_synonym_term")),
    )
    with open(DEFAULTS, "rb") as handle:
        defaults = tomllib.load(handle)["sinonim"]
    now = datetime.now(timezone.utc)
    op.bulk_insert(table, [{"term": " ".join(term.lower().split()), "formal": ", ".join(formal),
                            "updated_at": now} for term, formal in defaults.items()])


def downgrade():
    op.drop_table("search_synonym")
