"""assisted mode: organisations, staff accounts, login failures, audit log,
and the assistance recorded on an application

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'organisations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    op.create_table(
        'staff_members',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=True),
        sa.Column('totp_secret', sa.Text(), nullable=True),
        sa.Column('totp_last_step', sa.Integer(), nullable=True),
        sa.Column('recovery_code_hashes', sa.Text(), nullable=False),
        sa.Column('is_admin', sa.Boolean(), nullable=False),
        sa.Column('is_active', sa.Boolean(), nullable=False),
        sa.Column('failed_logins', sa.Integer(), nullable=False),
        sa.Column('locked_until', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_login_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('email'),
    )
    op.create_index(op.f('ix_staff_members_organisation_id'), 'staff_members', ['organisation_id'], unique=False)
    op.create_table(
        'staff_login_failures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('address_hash', sa.String(length=64), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_staff_login_failures_address_hash'), 'staff_login_failures', ['address_hash'], unique=False)
    op.create_index(op.f('ix_staff_login_failures_at'), 'staff_login_failures', ['at'], unique=False)
    op.create_table(
        'audit_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=True),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=32), nullable=False),
        sa.Column('application_public_id', sa.String(length=64), nullable=True),
        sa.Column('target', sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id']),
        sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    for column in ('at', 'staff_id', 'organisation_id', 'action', 'application_public_id'):
        op.create_index(op.f(f'ix_audit_events_{column}'), 'audit_events', [column], unique=False)
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assisted_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assistance_capacity', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('assistance_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('last_changed_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_applications_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_foreign_key('fk_applications_organisation_id', 'organisations', ['organisation_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_foreign_key('fk_applications_assisted_by_id', 'staff_members', ['assisted_by_id'], ['id'])
        batch_op.create_foreign_key('fk_applications_last_changed_by_id', 'staff_members', ['last_changed_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint('fk_applications_last_changed_by_id', type_='foreignkey')
        batch_op.drop_constraint('fk_applications_assisted_by_id', type_='foreignkey')
        batch_op.drop_constraint('fk_applications_organisation_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_applications_organisation_id'))
        for column in ('last_changed_by_id', 'assistance_date', 'assistance_capacity', 'assisted_by_id', 'organisation_id'):
            batch_op.drop_column(column)
    for column in ('application_public_id', 'action', 'organisation_id', 'staff_id', 'at'):
        op.drop_index(op.f(f'ix_audit_events_{column}'), table_name='audit_events')
    op.drop_table('audit_events')
    op.drop_index(op.f('ix_staff_login_failures_at'), table_name='staff_login_failures')
    op.drop_index(op.f('ix_staff_login_failures_address_hash'), table_name='staff_login_failures')
    op.drop_table('staff_login_failures')
    op.drop_index(op.f('ix_staff_members_organisation_id'), table_name='staff_members')
    op.drop_table('staff_members')
    op.drop_table('organisations')
