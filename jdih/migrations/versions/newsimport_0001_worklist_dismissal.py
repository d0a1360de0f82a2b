"""worklist dismissal: cited identities staff chose not to catalogue

Revision ID: newsimport_0001
Revises: 5f569e205e62
Create Date: 2026-11-30 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'newsimport_0001'
down_revision = '5f569e205e62'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('worklist_dismissal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('identity', sa.String(length=200), nullable=False),
    sa.Column('dismissed_by_id', sa.Integer(), nullable=True),
    sa.Column('dismissed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dismissed_by_id'], ['user_account.id'],
                            name=op.f('fk_worklist_dismissal_dismissed_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worklist_dismissal')),
    sa.UniqueConstraint('identity', name=op.f('uq_worklist_dismissal_identity'))
    )


def downgrade():
    op.drop_table('worklist_dismissal')
