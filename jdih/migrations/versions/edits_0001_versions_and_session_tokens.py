"""Edit versions on documents and news; a per-account session token

Revision ID: edits_0001
Revises: worker_0001
Create Date: 2026-11-30 04:10:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'edits_0001'
down_revision = "worker_0001"
branch_labels = None
depends_on = None


def upgrade():
    # Every account gets its own token; sessions issued before this (whose
    # id has no token) are refused, so everyone logs in once more.
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), nullable=True))
    accounts = sa.table('user_account', sa.column('id', sa.Integer), sa.column('session_token', sa.String))
    connection = op.get_bind()
    for (account_id,) in connection.execute(sa.select(accounts.c.id)).all():
        connection.execute(accounts.update().where(accounts.c.id == account_id)
                           .values(session_token=secrets.token_hex(16)))
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('session_token', existing_type=sa.String(length=64), nullable=False)
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('news', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_token')
    with op.batch_alter_table('news', schema=None) as batch_op:
        batch_op.drop_column('version')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_column('version')
