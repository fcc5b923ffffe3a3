"""pdf jobs: the PDFs made by a worker outside the web request

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'pdf_jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('available_at', sa.DateTime(), nullable=False),
        sa.Column('leased_until', sa.DateTime(), nullable=True),
        sa.Column('last_error', sa.String(length=100), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_pdf_jobs_application_id'), 'pdf_jobs', ['application_id'], unique=False)
    op.create_index('ix_pdf_jobs_state_available_at', 'pdf_jobs', ['state', 'available_at'], unique=False)


def downgrade():
    op.drop_index('ix_pdf_jobs_state_available_at', table_name='pdf_jobs')
    op.drop_index(op.f('ix_pdf_jobs_application_id'), table_name='pdf_jobs')
    op.drop_table('pdf_jobs')
