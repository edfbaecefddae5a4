"""Initial schema: jobs, scrape staging, run summaries, cache, users, uploads, resumes, matches.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("job_id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("company", sa.Text, nullable=False),
        sa.Column("company_normalized", sa.Text, nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("remote", sa.Boolean, nullable=False),
        sa.Column("posted_at", sa.Date),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("first_seen_at", TZ, nullable=False),
        sa.Column("last_seen_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_index("ix_jobs_first_seen_at", "jobs", ["first_seen_at"])
    op.create_index("ix_jobs_company_normalized", "jobs", ["company_normalized"])
    op.create_table(
        "raw_postings",
        sa.Column("run_key", sa.String(64), primary_key=True),
        sa.Column("batch_key", sa.String(200), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("fetched_at", TZ, nullable=False),
    )
    op.create_table(
        "scrape_batches",
        sa.Column("run_key", sa.String(64), primary_key=True),
        sa.Column("batch_key", sa.String(200), primary_key=True),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("postings", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "staged_jobs",
        sa.Column("run_key", sa.String(64), primary_key=True),
        sa.Column("job_id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("duplicates", sa.Integer, nullable=False),
    )
    op.create_table(
        "run_summaries",
        sa.Column("dag_id", sa.String(250), primary_key=True),
        sa.Column("run_key", sa.String(64), primary_key=True),
        sa.Column("summary", sa.JSON, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "cache_entries",
        sa.Column("key", sa.String(250), primary_key=True),
        sa.Column("value", sa.JSON, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("user_id", sa.String(128), primary_key=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("active_resume_id", sa.String(64)),
        sa.Column("resume_count", sa.Integer, nullable=False),
        sa.Column("skills", sa.JSON, nullable=False),
        sa.Column("preferences", sa.JSON, nullable=False),
        sa.Column("last_digest_at", TZ),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "uploads",
        sa.Column("upload_id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("detected_type", sa.String(16)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("resume_id", sa.String(64)),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("processed_at", TZ),
    )
    op.create_index("ix_uploads_status", "uploads", ["status"])
    op.create_table(
        "resumes",
        sa.Column("resume_id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("json_resume", sa.JSON, nullable=False),
        sa.Column("facts", sa.JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_resumes_user_id", "resumes", ["user_id"])
    op.create_table(
        "embeddings",
        sa.Column("content_hash", sa.String(64), primary_key=True),
        sa.Column("model", sa.String(128), primary_key=True),
        sa.Column("dim", sa.Integer, nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "matches",
        sa.Column("user_id", sa.String(128), primary_key=True),
        sa.Column("job_id", sa.String(64), primary_key=True),
        sa.Column("resume_id", sa.String(64), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("agent_scores", sa.JSON, nullable=False),
        sa.Column("matched_skills", sa.JSON, nullable=False),
        sa.Column("missing_skills", sa.JSON, nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
        sa.Column("run_key", sa.String(64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_matches_user_score", "matches", ["user_id", "score"])
    op.create_table(
        "llm_usage",
        sa.Column("request_id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(128)),
        sa.Column("run_key", sa.String(64)),
        sa.Column("operation", sa.String(64), nullable=False),
        sa.Column("model", sa.String(128), nullable=False),
        sa.Column("prompt_tokens", sa.Integer, nullable=False),
        sa.Column("completion_tokens", sa.Integer, nullable=False),
        sa.Column("cost_usd", sa.Float, nullable=False),
        sa.Column("response", sa.JSON),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "digests",
        sa.Column("digest_id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("run_key", sa.String(64), nullable=False),
        sa.Column("match_keys", sa.JSON, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )


def downgrade() -> None:
    for name in (
        "digests",
        "llm_usage",
        "matches",
        "embeddings",
        "resumes",
        "uploads",
        "users",
        "cache_entries",
        "run_summaries",
        "staged_jobs",
        "scrape_batches",
        "raw_postings",
        "jobs",
    ):
        op.drop_table(name)
