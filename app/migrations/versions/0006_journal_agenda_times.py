"""Programmes, part two: the leaders' action-learning journal and short personal codes, and the agenda's planned and
actual times

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('journalentry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_member_id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=True),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('question', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('client_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], ),
    sa.ForeignKeyConstraint(['programme_member_id'], ['programmemember.id'], ),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('programme_member_id', 'client_id', name='uq_journal_client')
    )
    with op.batch_alter_table('journalentry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journalentry_programme_member_id'), ['programme_member_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_journalentry_workshop_id'), ['workshop_id'], unique=False)

    with op.batch_alter_table('programmemember', schema=None) as batch_op:
        batch_op.add_column(sa.Column('short_code', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))
        batch_op.create_unique_constraint('uq_member_code', ['programme_id', 'short_code'])

    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('planned_start', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True))
        batch_op.add_column(sa.Column('opened_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('programmemember', schema=None) as batch_op:
        batch_op.drop_constraint('uq_member_code', type_='unique')
        batch_op.drop_column('short_code')
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_column('opened_at')
        batch_op.drop_column('planned_start')
    with op.batch_alter_table('journalentry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_journalentry_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_journalentry_programme_member_id'))
    op.drop_table('journalentry')
