"""The store's tables, in SQLAlchemy Core.

One definition serves SQLite and PostgreSQL. Every table has a natural primary key (fingerprint,
content hash, run key) so that writes are upserts and a rerun leaves the same rows. The Alembic
migrations in ``migrations/versions`` create exactly these tables; ``tests/store`` checks that
they agree.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# --- jobs -----------------------------------------------------------------------------------------

jobs = Table(
    "jobs",
    metadata,
    Column("job_id", String(64), primary_key=True, comment="fingerprint of the normalized posting"),
    Column("title", Text, nullable=False),
    Column("company", Text, nullable=False),
    Column("company_normalized", Text, nullable=False),
    Column("location", Text, nullable=False, default=""),
    Column("remote", Boolean, nullable=False, default=False),
    Column("posted_at", Date),
    Column("content_hash", String(64), nullable=False),
    Column("status", String(16), nullable=False, default="live"),
    Column("record", JSON, nullable=False, comment="the full myjob.models.Job"),
    Column("first_seen_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_jobs_first_seen_at", "first_seen_at"),
    Index("ix_jobs_company_normalized", "company_normalized"),
)

raw_postings = Table(
    "raw_postings",
    metadata,
    Column("run_key", String(64), primary_key=True, comment="the data interval a run works on"),
    Column("batch_key", String(200), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("payload", JSON, nullable=False, comment="one google_jobs jobs_results item, as received"),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
)

scrape_batches = Table(
    "scrape_batches",
    metadata,
    Column("run_key", String(64), primary_key=True),
    Column("batch_key", String(200), primary_key=True),
    Column("query", Text, nullable=False),
    Column("location", Text, nullable=False),
    Column("status", String(16), nullable=False, comment="running, succeeded or failed"),
    Column("pages", Integer, nullable=False, default=0),
    Column("postings", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

staged_jobs = Table(
    "staged_jobs",
    metadata,
    Column("run_key", String(64), primary_key=True),
    Column("job_id", String(64), primary_key=True),
    Column("kind", String(16), nullable=False, comment="new, or update of a stored job"),
    Column("record", JSON, nullable=False, comment="the deduplicated myjob.models.Job"),
    Column("duplicates", Integer, nullable=False, default=0, comment="postings merged into this one"),
)

run_summaries = Table(
    "run_summaries",
    metadata,
    Column("dag_id", String(250), primary_key=True),
    Column("run_key", String(64), primary_key=True),
    Column("summary", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

cache_entries = Table(
    "cache_entries",
    metadata,
    Column("key", String(250), primary_key=True),
    Column("value", JSON, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

# --- users and resumes ----------------------------------------------------------------------------

users = Table(
    "users",
    metadata,
    Column("user_id", String(128), primary_key=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("active_resume_id", String(64)),
    Column("resume_count", Integer, nullable=False, default=0),
    Column("skills", JSON, nullable=False, default=list),
    Column("preferences", JSON, nullable=False, default=dict, comment="location, remote, relocation, salary"),
    Column("last_digest_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

uploads = Table(
    "uploads",
    metadata,
    Column("upload_id", String(64), primary_key=True, comment="hash of user id and content"),
    Column("user_id", String(128), nullable=False),
    Column("filename", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("path", Text, nullable=False),
    Column("detected_type", String(16)),
    Column("status", String(16), nullable=False, comment="pending, processed or rejected"),
    Column("reason", Text),
    Column("resume_id", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("processed_at", DateTime(timezone=True)),
    Index("ix_uploads_status", "status"),
)

resumes = Table(
    "resumes",
    metadata,
    Column("resume_id", String(64), primary_key=True, comment="hash of user id and content hash"),
    Column("user_id", String(128), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("json_resume", JSON, nullable=False),
    Column("facts", JSON, nullable=False, comment="myjob.models.ResumeFacts"),
    Column("text", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_resumes_user_id", "user_id"),
)

# --- matching -------------------------------------------------------------------------------------

embeddings = Table(
    "embeddings",
    metadata,
    Column("content_hash", String(64), primary_key=True),
    Column("model", String(128), primary_key=True),
    Column("dim", Integer, nullable=False),
    Column("vector", LargeBinary, nullable=False, comment="float32 little-endian"),
)

matches = Table(
    "matches",
    metadata,
    Column("user_id", String(128), primary_key=True),
    Column("job_id", String(64), primary_key=True),
    Column("resume_id", String(64), primary_key=True),
    Column("score", Float, nullable=False),
    Column("status", String(16), nullable=False),
    Column("agent_scores", JSON, nullable=False),
    Column("matched_skills", JSON, nullable=False, default=list),
    Column("missing_skills", JSON, nullable=False, default=list),
    Column("explanation", Text, nullable=False, default=""),
    Column("run_key", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_matches_user_score", "user_id", "score"),
)

llm_usage = Table(
    "llm_usage",
    metadata,
    Column("request_id", String(64), primary_key=True, comment="deterministic: same request, same id"),
    Column("user_id", String(128)),
    Column("run_key", String(64)),
    Column("operation", String(64), nullable=False),
    Column("model", String(128), nullable=False),
    Column("prompt_tokens", Integer, nullable=False, default=0),
    Column("completion_tokens", Integer, nullable=False, default=0),
    Column("cost_usd", Float, nullable=False, default=0.0),
    Column("response", JSON, comment="validated answer, so a retry makes no second paid call"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

digests = Table(
    "digests",
    metadata,
    Column("digest_id", String(64), primary_key=True),
    Column("user_id", String(128), nullable=False),
    Column("run_key", String(64), nullable=False),
    Column("match_keys", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

resume_match_passes = Table(
    "resume_match_passes",
    metadata,
    Column("user_id", String(128), primary_key=True),
    Column("resume_id", String(64), primary_key=True, comment="a resume version fully matched once"),
    Column("run_key", String(64), nullable=False),
    Column("completed_at", DateTime(timezone=True), nullable=False),
)

staged_matches = Table(
    "staged_matches",
    metadata,
    Column("run_key", String(64), primary_key=True),
    Column("user_id", String(128), primary_key=True),
    Column("job_id", String(64), primary_key=True),
    Column("resume_id", String(64), primary_key=True),
    Column("batch", Integer, nullable=False, comment="the ai_score_matches batch that scored the pair"),
    Column("score", Float, nullable=False),
    Column("status", String(16), nullable=False),
    Column("agent_scores", JSON, nullable=False),
    Column("matched_skills", JSON, nullable=False, default=list),
    Column("missing_skills", JSON, nullable=False, default=list),
    Column("explanation", Text, nullable=False, default=""),
    Index("ix_staged_matches_run_batch", "run_key", "batch"),
    # Added by migration 0004, hence last and nullable: a row without it predates that migration.
    Column("staged_at", DateTime(timezone=True), comment="when the scorer staged the pair (age bound)"),
)

staged_candidates = Table(
    "staged_candidates",
    metadata,
    Column("run_key", String(64), primary_key=True),
    Column("batch", Integer, primary_key=True, comment="the ai_score_matches batch that scores them"),
    Column(
        "users",
        JSON,
        nullable=False,
        comment="[{user_id, resume_id, full_pass, jobs: [[job_id, cosine]]}], about matching_batch_pairs",
    ),
    Column("user_count", Integer, nullable=False),
    Column("pair_count", Integer, nullable=False),
    Column("staged_at", DateTime(timezone=True), nullable=False),
)
