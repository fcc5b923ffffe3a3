"""save and resume: resume codes, attempt limits, expiry

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resume_code_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('resume_birth_date', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('resume_failures', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('resume_locked_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint('uq_applications_resume_code_hash', ['resume_code_hash'])
        batch_op.create_index(batch_op.f('ix_applications_expires_at'), ['expires_at'], unique=False)
    op.create_table(
        'resume_attempts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('address_hash', sa.String(length=64), nullable=False),
        sa.Column('attempted_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('resume_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resume_attempts_address_hash'), ['address_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_resume_attempts_attempted_at'), ['attempted_at'], unique=False)


def downgrade():
    op.drop_table('resume_attempts')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_expires_at'))
        batch_op.drop_constraint('uq_applications_resume_code_hash', type_='unique')
        for column in ('expires_at', 'resume_locked_until', 'resume_failures', 'resume_birth_date', 'resume_code_hash'):
            batch_op.drop_column(column)
