"""One settings object for the whole platform.

Values come, lowest priority first, from the defaults below, ``MYJOB_*`` environment variables,
and (inside Airflow tasks) Airflow Variables named ``myjob_<field>`` that
``myjob.airflow.runtime.load_settings`` lays on top. Secrets never live here: API keys are read
from Airflow connections by the hooks in ``myjob.airflow.hooks``.

The defaults are the embedded ones: every outside service has an offline twin, and the store is
a SQLite file inside ``MYJOB_HOME``, so the platform runs with no keys and no network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The checkout the package was installed from (editable install) or the image's /opt/myjob."""


class ConnectionIds:
    """Airflow connection ids; defining one switches its service from the offline twin to the real client."""

    SERPAPI = "serpapi"
    COMPANIES_API = "companies_api"
    OPENROUTER = "openrouter"
    REDIS = "redis"
    STORE = "myjob_store"
    SLACK = "slack"
    SMTP = "smtp_default"


class Pools:
    """Airflow pools the DAGs use; ``make pools`` and the DAG policy test read this list."""

    SCRAPING = "scraping_pool"
    AI_PROCESSING = "ai_processing_pool"
    STORE = "store_pool"

    ALL: ClassVar[dict[str, tuple[int, str]]] = {
        SCRAPING: (10, "Concurrent SerpAPI searches"),
        AI_PROCESSING: (5, "Concurrent AI scoring and generation"),
        STORE: (20, "Concurrent writers to the MyJob store"),
    }


class AssetUris:
    """URIs of the Assets through which the pipelines trigger each other (built in myjob.airflow.assets)."""

    JOBS = "myjob://store/jobs"
    RESUMES = "myjob://store/resumes"
    MATCHES = "myjob://store/matches"
    RESUME_UPLOADS = "myjob://uploads/resumes"


DEFAULT_QUERIES = [
    "software engineer",
    "data engineer",
    "data scientist",
    "machine learning engineer",
    "product manager",
    "devops engineer",
    "frontend developer",
    "backend developer",
]

DEFAULT_LOCATIONS = [
    "United States",
    "Seattle, Washington",
    "San Francisco, California",
    "New York, New York",
    "Austin, Texas",
]


class Settings(BaseSettings):
    """Typed platform settings; see the module docstring for where values come from."""

    model_config = SettingsConfigDict(env_prefix="MYJOB_", extra="ignore", frozen=True)

    home: Path = Field(default=REPO_ROOT / ".myjob", description="Local data folder of the embedded defaults")
    data_dir: Path = Field(
        default=REPO_ROOT / "data", description="Reference and sample data shipped with the product"
    )
    store_url: str | None = Field(default=None, description="SQLAlchemy URL; default a SQLite file in home")
    redis_url: str | None = Field(default=None, description="Redis for the cache; default a local TTL cache")

    task_retries: int = Field(default=3, ge=0, le=10, description="Retries of every MyJob task")

    # job_scraping_daily
    queries: list[str] = Field(default_factory=lambda: list(DEFAULT_QUERIES))
    locations: list[str] = Field(default_factory=lambda: list(DEFAULT_LOCATIONS))
    max_jobs_per_query: int = Field(default=50, ge=1, le=500)
    http_timeout_s: float = Field(default=30.0, gt=0)
    http_max_retries: int = Field(default=4, ge=0)
    company_cache_ttl_s: int = Field(default=24 * 3600, ge=0)
    dedup_threshold: float = Field(default=0.8, gt=0, le=1)
    job_retention_days: int = Field(default=30, ge=1)

    # notifications and metrics
    summary_channel: str = Field(
        default="#myjob-data", description="Slack channel when a slack connection exists"
    )
    summary_email: str | None = Field(
        default=None, description="E-mail recipient when an SMTP connection exists"
    )

    # personal data: key of the HMAC pseudonyms; set it in production (Airflow Variable or env)
    pseudonym_key: str = Field(default="myjob-local-pseudonym-key", repr=False)

    # job_matching_batch: retrieval, agents, judge, digests
    matching_top_k: int = Field(
        default=20, ge=1, le=500, description="Candidates per user from embedding retrieval"
    )
    matching_batch_pairs: int = Field(default=200, ge=1, description="Pairs per mapped ai_score_matches task")
    matching_new_jobs_overlap_h: float = Field(
        default=24.0,
        ge=0,
        description="Look back this far before the last run's watermark; scored pairs are skipped",
    )
    embedding_model: str = Field(
        default="wordllama-l2_supercat-256", description="myjob.embeddings model name"
    )
    match_weights: dict[str, float] = Field(
        default_factory=lambda: {
            "skills": 0.25,
            "semantic": 0.30,
            "experience": 0.10,
            "location": 0.15,
            "compensation": 0.10,
            "judge": 0.10,
        },
        description="Weights of the agents in the aggregate; renormalized over the agents that apply",
    )
    match_max_agent_share: float = Field(
        default=0.4, gt=0, le=1, description="No agent may weigh more than this share of the core agents"
    )
    judge_max_weight_share: float = Field(
        default=0.2, gt=0, le=0.5, description="Cap of the judge's weight share"
    )
    semantic_similarity_range: tuple[float, float] = Field(
        default=(0.30, 0.60), description="Cosine mapped to 0 and 100 by the semantic agent"
    )
    judge_top_n: int = Field(
        default=3, ge=0, description="Per user, the best cheap candidates the judge sees"
    )
    digest_min_score: float = Field(
        default=60.0, ge=0, le=100, description="Matches at or above go into digests"
    )
    llm_model: str = Field(default="openai/gpt-4o-mini", description="OpenRouter model id of the judge")
    llm_timeout_s: float = Field(default=60.0, gt=0)
    llm_max_attempts: int = Field(
        default=4, ge=1, le=10, description="Attempts per call, 429/5xx/timeouts only"
    )
    llm_max_output_tokens: int = Field(default=600, ge=50)
    llm_budget_per_run_usd: float = Field(default=2.0, ge=0)
    llm_budget_per_user_day_usd: float = Field(default=0.05, ge=0)
    llm_price_per_mtok: tuple[float, float] = Field(
        default=(0.15, 0.60),
        description="USD per million prompt, completion tokens when the answer has no cost",
    )
    matching_staging_max_age_h: float = Field(
        default=48.0,
        gt=0,
        description="store_matches deletes other runs' staged candidates and matches older than this",
    )

    # resume_processing: upload events, limits of validation and of the parsing child process
    resume_events: str = Field(
        default="embedded",
        description="Where upload events come from: embedded (local inbox), redis (redis+pubsub) or "
        "google (google+pubsub, needs apache-airflow-providers-google); read when the DAG is parsed",
    )
    resume_channel: str = Field(default="myjob-resume-uploads", description="Redis channel of upload events")
    resume_pubsub_project: str | None = Field(default=None, description="GCP project of the Pub/Sub path")
    resume_pubsub_subscription: str = Field(default="resume-uploads-sub", description="Pub/Sub subscription")
    resume_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1, description="Largest upload accepted")
    resume_max_pages: int = Field(default=10, ge=1, description="Most PDF pages accepted")
    resume_docx_max_members: int = Field(default=300, ge=1, description="Most files inside a DOCX zip")
    resume_docx_max_unzipped_bytes: int = Field(default=40 * 1024 * 1024, ge=1)
    resume_docx_max_ratio: float = Field(default=100.0, gt=1, description="Highest zip compression ratio")
    resume_parse_memory_mb: int = Field(default=512, ge=64, description="Address space the parser may add")
    resume_parse_cpu_s: int = Field(default=10, ge=1, description="CPU seconds one file may take to parse")

    @property
    def resolved_store_url(self) -> str:
        return self.store_url or f"sqlite:///{self.home / 'myjob.db'}"

    @property
    def outbox_dir(self) -> Path:
        return self.home / "outbox"

    @property
    def metrics_file(self) -> Path:
        return self.home / "metrics" / "metrics.jsonl"

    @property
    def replay_dir(self) -> Path:
        return self.data_dir / "serpapi_replay"

    @property
    def company_directory(self) -> Path:
        return self.data_dir / "companies" / "directory.json"

    def with_overrides(self, overrides: dict[str, Any]) -> Settings:
        """A copy with ``overrides`` validated like environment values (used for Airflow Variables)."""
        merged = self.model_dump()
        merged.update(overrides)
        return type(self).model_validate(merged)


def get_settings() -> Settings:
    """Settings from the environment; cheap enough to call per task, so no global cache to go stale."""
    return Settings()
