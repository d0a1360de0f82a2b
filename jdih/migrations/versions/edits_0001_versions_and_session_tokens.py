"""Edit versions on documents and news; a per-account session token

Revision ID: edits_0001
Revises: 5f569e205e62
Create Date: 2026-11-30 04:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'edits_0001'
down_revision = "5f569e205e62"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('news', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('news', schema=None) as batch_op:
        batch_op.drop_column('version')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_column('version')
