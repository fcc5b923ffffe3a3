"""encryption at rest: sealed columns become Text, keyed hash of the national number

The answers, pending input and completed steps were Text already. The date
of birth kept with a resume code and the attachments' original names are
encrypted now, which makes them longer than their old String lengths.
Existing rows stay readable as they are (plaintext without the "enc1:"
prefix); run ``flask --app wsgi rotate-keys`` once after this upgrade to
encrypt them (and the stored files) and to fill national_number_hmac.

Downgrading restores the column types only: it cannot decrypt, and on
PostgreSQL it fails on encrypted values longer than the old lengths.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.alter_column('resume_birth_date', existing_type=sa.String(length=10), type_=sa.Text(), existing_nullable=True)
        batch_op.add_column(sa.Column('national_number_hmac', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_applications_national_number_hmac'), ['national_number_hmac'], unique=False)
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.alter_column('original_name', existing_type=sa.String(length=200), type_=sa.Text(), existing_nullable=False)


def downgrade():
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.alter_column('original_name', existing_type=sa.Text(), type_=sa.String(length=200), existing_nullable=False)
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_national_number_hmac'))
        batch_op.drop_column('national_number_hmac')
        batch_op.alter_column('resume_birth_date', existing_type=sa.Text(), type_=sa.String(length=10), existing_nullable=True)
