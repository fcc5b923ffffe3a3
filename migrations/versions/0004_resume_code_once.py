"""resume: escalating locks, date of the code, a new code masked until shown

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resume_locks', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('resume_code_issued_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('resume_code_masked', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        for column in ('resume_code_masked', 'resume_code_issued_at', 'resume_locks'):
            batch_op.drop_column(column)
