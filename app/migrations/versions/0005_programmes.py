"""Programmes: workshops in a series, their co-facilitators and network groups, and the leaders' programme pass

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('retention_days', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['facilitator.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_owner_id'), ['owner_id'], unique=False)

    op.create_table('programmefacilitator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('facilitator_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['facilitator_id'], ['facilitator.id'], ),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('programme_id', 'facilitator_id', name='uq_programme_facilitator')
    )
    with op.batch_alter_table('programmefacilitator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programmefacilitator_facilitator_id'), ['facilitator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programmefacilitator_programme_id'), ['programme_id'], unique=False)

    op.create_table('programmegroup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('programmegroup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programmegroup_programme_id'), ['programme_id'], unique=False)

    op.create_table('programmemember',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('secret_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('programme_group_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], ),
    sa.ForeignKeyConstraint(['programme_group_id'], ['programmegroup.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('programmemember', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programmemember_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programmemember_programme_group_id'), ['programme_group_id'],
                              unique=False)

    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('programme_position', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_workshop_programme_id'), ['programme_id'], unique=False)
        batch_op.create_foreign_key('fk_workshop_programme', 'programme', ['programme_id'], ['id'])
    with op.batch_alter_table('workgroup', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_group_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_workgroup_programme_group_id'), ['programme_group_id'], unique=False)
        batch_op.create_foreign_key('fk_workgroup_programme_group', 'programmegroup', ['programme_group_id'], ['id'])
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_member_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_participant_programme_member_id'), ['programme_member_id'],
                              unique=False)
        batch_op.create_foreign_key('fk_participant_programme_member', 'programmemember', ['programme_member_id'],
                                    ['id'])
        batch_op.create_unique_constraint('uq_participant_member', ['workshop_id', 'programme_member_id'])


def downgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint('uq_participant_member', type_='unique')
        batch_op.drop_constraint('fk_participant_programme_member', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_participant_programme_member_id'))
        batch_op.drop_column('programme_member_id')
    with op.batch_alter_table('workgroup', schema=None) as batch_op:
        batch_op.drop_constraint('fk_workgroup_programme_group', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_workgroup_programme_group_id'))
        batch_op.drop_column('programme_group_id')
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_constraint('fk_workshop_programme', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_workshop_programme_id'))
        batch_op.drop_column('programme_position')
        batch_op.drop_column('programme_id')
    with op.batch_alter_table('programmemember', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programmemember_programme_group_id'))
        batch_op.drop_index(batch_op.f('ix_programmemember_programme_id'))
    op.drop_table('programmemember')
    with op.batch_alter_table('programmegroup', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programmegroup_programme_id'))
    op.drop_table('programmegroup')
    with op.batch_alter_table('programmefacilitator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programmefacilitator_programme_id'))
        batch_op.drop_index(batch_op.f('ix_programmefacilitator_facilitator_id'))
    op.drop_table('programmefacilitator')
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_owner_id'))
    op.drop_table('programme')
