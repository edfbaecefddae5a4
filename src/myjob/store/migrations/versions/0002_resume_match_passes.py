"""Resume match passes: which resume versions were matched against every live job.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "resume_match_passes",
        sa.Column("user_id", sa.String(128), primary_key=True),
        sa.Column("resume_id", sa.String(64), primary_key=True),
        sa.Column("run_key", sa.String(64), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("resume_match_passes")
