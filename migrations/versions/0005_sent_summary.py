"""sent summary: the PDF stored at sending and its SHA-256

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('summary_pdf_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('summary_pdf_sha256', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        for column in ('summary_pdf_sha256', 'summary_pdf_key'):
            batch_op.drop_column(column)
