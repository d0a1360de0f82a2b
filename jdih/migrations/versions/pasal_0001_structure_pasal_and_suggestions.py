"""document_structure: the pasal numbers (for pasal:169 searches) and the
relations the structure suggests (Mengingat, Pasal I), both set at parse time

Revision ID: pasal_0001
Revises: alerts_0001
Create Date: 2026-11-30 10:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = "pasal_0001"
down_revision = "ask_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("document_structure") as batch:
        batch.add_column(sa.Column("pasal_labels", sa.Text(), nullable=True))
        batch.add_column(sa.Column("suggested", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("document_structure") as batch:
        batch.drop_column("suggested")
        batch.drop_column("pasal_labels")
