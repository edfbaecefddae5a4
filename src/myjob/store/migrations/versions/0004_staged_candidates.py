"""Staged candidates: each batch's retrieved pairs held under the run's key until its scorer reads them.

Also dates staged matches, so that rows of runs that never reached ``store_matches`` can be
removed once they are older than a bound. Rows staged before this revision have no date.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staged_candidates",
        sa.Column("run_key", sa.String(64), primary_key=True),
        sa.Column("batch", sa.Integer, primary_key=True),
        sa.Column("users", sa.JSON, nullable=False),
        sa.Column("user_count", sa.Integer, nullable=False),
        sa.Column("pair_count", sa.Integer, nullable=False),
        sa.Column("staged_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.add_column("staged_matches", sa.Column("staged_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staged_matches") as batch:
        batch.drop_column("staged_at")
    op.drop_table("staged_candidates")
