"""Staged matches: scored pairs held under the run's key between scoring and storing.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staged_matches",
        sa.Column("run_key", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(128), primary_key=True),
        sa.Column("job_id", sa.String(64), primary_key=True),
        sa.Column("resume_id", sa.String(64), primary_key=True),
        sa.Column("batch", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("agent_scores", sa.JSON, nullable=False),
        sa.Column("matched_skills", sa.JSON, nullable=False),
        sa.Column("missing_skills", sa.JSON, nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
    )
    op.create_index("ix_staged_matches_run_batch", "staged_matches", ["run_key", "batch"])


def downgrade() -> None:
    op.drop_index("ix_staged_matches_run_batch", table_name="staged_matches")
    op.drop_table("staged_matches")
