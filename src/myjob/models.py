"""Records shared by the pipelines.

These are the shapes that cross a pipeline boundary (store rows, XCom payloads, CLI output).
Anything used inside one concern only lives in that concern's package.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    """Base of shared records: unknown fields are an error, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid")


class SalaryRange(Record):
    minimum: float | None = None
    maximum: float | None = None
    currency: str = "USD"
    period: str = "YEAR"  # schema.org unitText: HOUR, DAY, WEEK, MONTH, YEAR

    def annual(self) -> tuple[float | None, float | None]:
        """The range per year, so ranges quoted per hour and per year compare."""
        factor = {"HOUR": 2080, "DAY": 260, "WEEK": 52, "MONTH": 12, "YEAR": 1}.get(self.period, 1)
        lo = self.minimum * factor if self.minimum is not None else None
        hi = self.maximum * factor if self.maximum is not None else None
        return lo, hi


class ApplyLink(Record):
    title: str
    url: str


class Job(Record):
    """One job posting after normalization; ``job_id`` is its fingerprint, stable across runs."""

    job_id: str
    title: str
    company: str
    company_normalized: str
    location: str = ""
    remote: bool = False
    schedule_type: str | None = None
    salary: SalaryRange | None = None
    posted_at: date | None = None
    description: str = ""
    highlights: dict[str, list[str]] = Field(default_factory=dict)
    apply_links: list[ApplyLink] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    source_job_ids: list[str] = Field(default_factory=list)
    query: str | None = None
    search_location: str | None = None
    content_hash: str = ""
    company_info: dict[str, Any] | None = None
    skills: list[str] = Field(default_factory=list)
    first_seen_at: datetime | None = None
    last_seen_at: datetime | None = None


class Seniority(StrEnum):
    INTERN = "intern"
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    LEAD = "lead"
    EXECUTIVE = "executive"


class ResumeFacts(Record):
    """What matching needs from a structured resume, beside the JSON Resume itself."""

    user_id: str
    resume_id: str
    content_hash: str
    skills: list[str] = Field(default_factory=list, description="Canonical skill ids")
    years_experience: float | None = None
    recent_title: str | None = None
    seniority: Seniority | None = None
    location: str | None = None
    flags: list[str] = Field(default_factory=list, description="e.g. hidden_text, zero_width_characters")


class UploadStatus(StrEnum):
    PENDING = "pending"
    PROCESSED = "processed"
    REJECTED = "rejected"


class MatchStatus(StrEnum):
    SCORED = "scored"
    NEEDS_REVIEW = "needs_review"
