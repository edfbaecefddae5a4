"""Builders for matching tests: jobs, resume facts, users in a throwaway store, and a small extractor."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import pytest

from myjob.config import Settings
from myjob.matching.locations import parse_location
from myjob.matching.profiles import CandidateProfile, UserPreferences
from myjob.models import Job, ResumeFacts, SalaryRange, Seniority
from myjob.store import SqlStore, open_store
from myjob.store.jobs import JobRepository
from myjob.store.tables import resumes, users

SKILLS = {
    "python": "Python",
    "java": "Java",
    "kubernetes": "Kubernetes",
    "go": "Go",
    "sql": "SQL",
    "react": "React",
    "aws": "AWS",
    "machine-learning": "Machine learning",
    "pytorch": "PyTorch",
    "docker": "Docker",
}


@dataclass(frozen=True)
class Hit:
    skill_id: str
    name: str
    start: int
    end: int
    matched_text: str


class FakeExtractor:
    """Exact word matching over a ten-skill vocabulary: enough to test the agents' logic."""

    _pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in SKILLS.values()) + r")\b", re.IGNORECASE)
    _by_name: ClassVar[dict[str, str]] = {name.lower(): skill_id for skill_id, name in SKILLS.items()}

    def extract(self, text: str) -> list[Hit]:
        return [
            Hit(self._by_name[m.group(1).lower()], m.group(1), m.start(), m.end(), m.group(1))
            for m in self._pattern.finditer(text)
        ]

    def canonical_ids(self, text: str) -> list[str]:
        return list(dict.fromkeys(h.skill_id for h in self.extract(text)))

    def name_of(self, skill_id: str) -> str:
        return SKILLS.get(skill_id, skill_id)


@pytest.fixture
def extractor() -> FakeExtractor:
    return FakeExtractor()


def make_job(job_id: str = "j1", **overrides: Any) -> Job:
    fields: dict[str, Any] = {
        "job_id": job_id,
        "title": "Senior Python Engineer",
        "company": "Acme",
        "company_normalized": "acme",
        "location": "Seattle, WA",
        "description": "Build services in Python and SQL on Kubernetes. 5+ years of experience. Go is a plus",
        "content_hash": f"hash-{job_id}",
        "first_seen_at": datetime(2026, 1, 1, tzinfo=UTC),
        "last_seen_at": datetime(2026, 1, 1, tzinfo=UTC),
    }
    fields.update(overrides)
    return Job(**fields)


def make_candidate(**overrides: Any) -> CandidateProfile:
    prefs = overrides.pop("preferences", {})
    fields: dict[str, Any] = {
        "user_id": "u1",
        "resume_id": "r1",
        "skills": frozenset({"python", "sql", "kubernetes"}),
        "years": 6.0,
        "seniority": Seniority.SENIOR,
        "title": "Senior Software Engineer",
        "location": parse_location(overrides.pop("where", "Seattle, WA")),
        "preferences": UserPreferences.model_validate(prefs),
        "text": "Senior software engineer, Python, SQL, Kubernetes.",
    }
    fields.update(overrides)
    return CandidateProfile(**fields)


def salary(lo: float, hi: float) -> SalaryRange:
    return SalaryRange(minimum=lo, maximum=hi)


@pytest.fixture
def store(tmp_path: Path) -> SqlStore:
    return open_store(f"sqlite:///{tmp_path / 'matching.db'}")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", judge_top_n=2)


def add_user(
    store: SqlStore,
    user_id: str,
    text: str,
    *,
    skills: list[str],
    years: float = 5,
    seniority: Seniority | None = Seniority.SENIOR,
    location: str = "Seattle, WA",
    preferences: dict[str, Any] | None = None,
    resume_id: str | None = None,
    flags: list[str] | None = None,
) -> str:
    """A user with one active resume; a new text gives a new resume id (a new version)."""
    resume_id = resume_id or f"{user_id}-{abs(hash(text)) % 10**8}"
    now = datetime.now(UTC)
    facts = ResumeFacts(
        user_id=user_id,
        resume_id=resume_id,
        content_hash=resume_id,
        skills=skills,
        years_experience=years,
        seniority=seniority,
        location=location,
        flags=flags or [],
    )
    store.upsert(
        resumes,
        [
            {
                "resume_id": resume_id,
                "user_id": user_id,
                "content_hash": resume_id,
                "json_resume": {},
                "facts": facts.model_dump(mode="json"),
                "text": text,
                "created_at": now,
            }
        ],
    )
    store.upsert(
        users,
        [
            {
                "user_id": user_id,
                "active": True,
                "active_resume_id": resume_id,
                "resume_count": 1,
                "skills": skills,
                "preferences": preferences or {},
                "created_at": now,
                "updated_at": now,
            }
        ],
        preserve=("created_at", "last_digest_at"),
    )
    return resume_id


def add_jobs(store: SqlStore, *jobs: Job) -> None:
    JobRepository(store).save(list(jobs))
