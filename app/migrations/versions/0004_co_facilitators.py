"""Co-facilitation: colleagues who prepare, steer, moderate and export a workshop with its owner

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('workshopfacilitator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('facilitator_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['facilitator_id'], ['facilitator.id'], ),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workshop_id', 'facilitator_id', name='uq_workshop_facilitator')
    )
    with op.batch_alter_table('workshopfacilitator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshopfacilitator_facilitator_id'), ['facilitator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_workshopfacilitator_workshop_id'), ['workshop_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('workshopfacilitator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshopfacilitator_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_workshopfacilitator_facilitator_id'))
    op.drop_table('workshopfacilitator')
