"""reviews keep their history; each run keeps its own claims

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 16:30:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('review',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('run_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('claim_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('who', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], ),
    sa.ForeignKeyConstraint(['run_id'], ['run.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_review_claim_id'), 'review', ['claim_id'], unique=False)
    op.create_index(op.f('ix_review_run_id'), 'review', ['run_id'], unique=False)
    op.create_table('runclaim',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('run_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('claim_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], ),
    sa.ForeignKeyConstraint(['run_id'], ['run.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('run_id', 'claim_id')
    )
    op.create_index(op.f('ix_runclaim_run_id'), 'runclaim', ['run_id'], unique=False)
    # Reviews made before this revision were verdict rows "person:<who>"; they move
    # to the review table, where a second review the same day is no conflict.
    op.execute("INSERT INTO review (id, run_id, claim_id, label, note, who, at) "
               "SELECT id, run_id, claim_id, label, COALESCE(note, ''), "
               "SUBSTR(decided_by, 8), decided_at FROM verdict "
               "WHERE decided_by LIKE 'person:%'")
    op.execute("DELETE FROM verdict WHERE decided_by LIKE 'person:%'")


def downgrade() -> None:
    op.drop_index(op.f('ix_runclaim_run_id'), table_name='runclaim')
    op.drop_table('runclaim')
    op.drop_index(op.f('ix_review_run_id'), table_name='review')
    op.drop_index(op.f('ix_review_claim_id'), table_name='review')
    op.drop_table('review')
