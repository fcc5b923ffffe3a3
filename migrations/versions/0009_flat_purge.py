"""flat purge: pending file records, indexes for every statement of the
purge, and an expiry for every draft

Revision ID: 0009
Revises: 0008
"""
import os
from datetime import timedelta

from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

MASKED = sa.text('resume_code_masked IS NOT NULL')


def upgrade():
    op.create_table(
        'pending_files',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    op.create_index(op.f('ix_pending_files_created_at'), 'pending_files', ['created_at'], unique=False)
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index('ix_applications_status_expires_at', ['status', 'expires_at'], unique=False)
        batch_op.create_index('ix_applications_status_submitted_at', ['status', 'submitted_at'], unique=False)
        batch_op.create_index(
            'ix_applications_masked_code_issued_at', ['resume_code_issued_at'], unique=False,
            postgresql_where=MASKED, sqlite_where=MASKED,
        )
        batch_op.create_index(batch_op.f('ix_applications_summary_pdf_key'), ['summary_pdf_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_draft_pdf_key'), ['draft_pdf_key'], unique=False)
    with op.batch_alter_table('draft_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_sessions_superseded_at'), ['superseded_at'], unique=False)
    _backfill_expiry()


def _backfill_expiry():
    """Drafts saved before every draft had an expiry: their last save plus
    the retention (DRAFT_RETENTION_DAYS, as the purge used to compute it),
    so that the purge needs no "or no expiry" branch, which no index serves."""
    applications = sa.table(
        'applications', sa.column('id', sa.Integer), sa.column('status', sa.String),
        sa.column('updated_at', sa.DateTime), sa.column('expires_at', sa.DateTime),
    )
    retention = timedelta(days=int(os.environ.get('DRAFT_RETENTION_DAYS') or 90))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(applications.c.id, applications.c.updated_at)
        .where(applications.c.status == 'draft', applications.c.expires_at.is_(None))
    ).all()
    for row in rows:
        connection.execute(
            applications.update().where(applications.c.id == row.id).values(expires_at=row.updated_at + retention)
        )


def downgrade():
    with op.batch_alter_table('draft_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_sessions_superseded_at'))
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_draft_pdf_key'))
        batch_op.drop_index(batch_op.f('ix_applications_summary_pdf_key'))
        batch_op.drop_index('ix_applications_masked_code_issued_at', postgresql_where=MASKED, sqlite_where=MASKED)
        batch_op.drop_index('ix_applications_status_submitted_at')
        batch_op.drop_index('ix_applications_status_expires_at')
    op.drop_index(op.f('ix_pending_files_created_at'), table_name='pending_files')
    op.drop_table('pending_files')
