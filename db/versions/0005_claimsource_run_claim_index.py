"""claimsource: one index on (run_id, claim_id, as_of, source_key)

SQLite answered "this run's links for this claim" through the run_id index
alone, reading every link of the run for each claim: judging and fetching grew
with the square of the article's claims.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 20:40:00
"""
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_claimsource_run_claim', 'claimsource',
                    ['run_id', 'claim_id', 'as_of', 'source_key'])


def downgrade() -> None:
    op.drop_index('ix_claimsource_run_claim', table_name='claimsource')
