"""Groups, roles and timed phases

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('workgroup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('workgroup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workgroup_workshop_id'), ['workshop_id'], unique=False)
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_choice', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('roles', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('clock', sa.JSON(), nullable=False, server_default='{}'))
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('role', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_participant_group_id'), ['group_id'], unique=False)
        batch_op.create_foreign_key('fk_participant_group', 'workgroup', ['group_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint('fk_participant_group', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_participant_group_id'))
        batch_op.drop_column('role')
        batch_op.drop_column('group_id')
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_column('clock')
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('roles')
        batch_op.drop_column('group_choice')
    with op.batch_alter_table('workgroup', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workgroup_workshop_id'))
    op.drop_table('workgroup')
