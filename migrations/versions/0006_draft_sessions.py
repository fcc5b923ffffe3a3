"""draft sessions (revocable tokens), rate events, the draft PDF kept per change

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'draft_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=True),
        sa.Column('superseded_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index('ix_draft_sessions_application_id', 'draft_sessions', ['application_id'])
    op.create_index('ix_draft_sessions_expires_at', 'draft_sessions', ['expires_at'])
    op.create_table(
        'rate_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('bucket', sa.String(length=64), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_rate_events_at', 'rate_events', ['at'])
    op.create_index('ix_rate_events_bucket_at', 'rate_events', ['bucket', 'at'])
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft_pdf_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('draft_pdf_fingerprint', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        for column in ('draft_pdf_fingerprint', 'draft_pdf_key'):
            batch_op.drop_column(column)
    op.drop_index('ix_rate_events_bucket_at', table_name='rate_events')
    op.drop_index('ix_rate_events_at', table_name='rate_events')
    op.drop_table('rate_events')
    op.drop_index('ix_draft_sessions_expires_at', table_name='draft_sessions')
    op.drop_index('ix_draft_sessions_application_id', table_name='draft_sessions')
    op.drop_table('draft_sessions')
