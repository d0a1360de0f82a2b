"""answers to the public satisfaction survey (IKM)

Revision ID: stats_0002
Revises: stats_0001
Create Date: 2026-11-30 07:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = "stats_0002"
down_revision = "stats_0001"
branch_labels = None
depends_on = None

ELEMENTS = ("persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku", "pengaduan",
            "sarana")


def upgrade():
    op.create_table(
        "survey_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        *(sa.Column(name, sa.SmallInteger(), nullable=False) for name in ELEMENTS),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_response")),
    )
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_response_created_at"), ["created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_response_created_at"))
    op.drop_table("survey_response")
