"""What the agents compare: a job's and a candidate's facts, parsed once per run.

A ``JobProfile`` splits a posting's skills into required and preferred (by the sentence each skill
appears in), reads its level from the title and its minimum years from the text. A
``CandidateProfile`` joins a resume's facts with the user's preferences. Both carry cleaned text
(``sanitize.clean_text``) and the flags that cleaning raised.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from myjob.matching.locations import Location, parse_location
from myjob.matching.sanitize import ZERO_WIDTH_FLAG, clean_text
from myjob.models import Job, ResumeFacts, Seniority


class SkillHitLike(Protocol):
    @property
    def skill_id(self) -> str: ...

    @property
    def start(self) -> int: ...


class SkillExtractorLike(Protocol):
    """The part of ``myjob.skills.SkillExtractor`` matching uses."""

    def canonical_ids(self, text: str) -> list[str]: ...

    def extract(self, text: str) -> Sequence[SkillHitLike]: ...

    def name_of(self, skill_id: str) -> str: ...


SENIORITY_RANK = {
    Seniority.INTERN: 0,
    Seniority.JUNIOR: 1,
    Seniority.MID: 2,
    Seniority.SENIOR: 3,
    Seniority.LEAD: 4,
    Seniority.EXECUTIVE: 5,
}

_LEVEL_PATTERNS: list[tuple[Seniority, re.Pattern[str]]] = [
    (Seniority.INTERN, re.compile(r"\b(?:intern|internship|trainee|apprentice)\b", re.I)),
    (Seniority.EXECUTIVE, re.compile(r"\b(?:director|vp|vice president|head of|chief|cto|ceo|cio)\b", re.I)),
    (
        Seniority.LEAD,
        re.compile(r"\b(?:principal|staff|lead|architect|engineering manager|distinguished|partner)\b", re.I),
    ),
    (Seniority.SENIOR, re.compile(r"\b(?:senior|sr\.?|iii)\b", re.I)),
    (
        Seniority.JUNIOR,
        re.compile(r"\b(?:junior|jr\.?|entry[- ]level|graduate|new grad|associate|i)\b", re.I),
    ),
    (Seniority.MID, re.compile(r"\b(?:ii|2|mid[- ]level|intermediate)\b", re.I)),
]
_YEARS = re.compile(r"\b(\d{1,2})(?:\s*[-–to]+\s*\d{1,2})?\s*\+?\s*(?:years?|yrs?)\b", re.I)
_PREFERRED = re.compile(
    r"\b(?:prefer(?:red|ably)?|nice[- ]to[- ]have|bonus|a plus|desired|desirable|ideally|optional)\b",
    re.I,
)
_SEGMENT = re.compile(r"[^\n.;•\u2022]+")


def level_from_title(title: str) -> Seniority | None:
    """The level a job title names; None when it names none ("Software Engineer")."""
    for level, pattern in _LEVEL_PATTERNS:
        if pattern.search(title or ""):
            return level
    return None


def _segments(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, preferred) of each sentence or bullet of ``text``."""
    return [(m.start(), m.end(), bool(_PREFERRED.search(m.group()))) for m in _SEGMENT.finditer(text)]


def min_years_required(text: str) -> float | None:
    """The largest "N+ years" a required sentence asks for (over 20 is not a years-of-experience figure)."""
    found = [
        float(m.group(1))
        for start, end, preferred in _segments(text)
        if not preferred
        for m in _YEARS.finditer(text, start, end)
        if 0 < int(m.group(1)) <= 20
    ]
    return max(found) if found else None


class UserPreferences(BaseModel):
    """``users.preferences``: where and for how much a user wants to work (unknown keys are ignored)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    location: str | None = None
    remote: bool = Field(default=True, description="open to remote roles")
    remote_only: bool = False
    relocation: bool = Field(
        default=False, validation_alias=AliasChoices("relocation", "willing_to_relocate")
    )
    relocation_locations: list[str] = Field(default_factory=list)
    salary_min: float | None = Field(
        default=None,
        validation_alias=AliasChoices("salary_min", "min_salary", "salary_expectation", "salary"),
    )
    salary_currency: str = Field(default="USD", validation_alias=AliasChoices("salary_currency", "currency"))
    salary_period: str = "YEAR"

    def annual_salary_min(self) -> float | None:
        if self.salary_min is None:
            return None
        factor = {"HOUR": 2080, "DAY": 260, "WEEK": 52, "MONTH": 12, "YEAR": 1}.get(
            self.salary_period.upper(), 1
        )
        return self.salary_min * factor


@dataclass(frozen=True)
class JobProfile:
    job_id: str
    title: str
    company: str
    location: Location
    remote: bool
    required: tuple[str, ...]
    preferred: tuple[str, ...]
    level: Seniority | None
    min_years: float | None
    salary: tuple[float | None, float | None, str] | None
    text: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class CandidateProfile:
    user_id: str
    resume_id: str
    skills: frozenset[str]
    years: float | None
    seniority: Seniority | None
    title: str | None
    location: Location
    preferences: UserPreferences
    text: str
    flags: tuple[str, ...] = ()


def job_text(job: Job) -> str:
    """The posting as one text: title, company, description and highlight bullets."""
    bullets = [f"{section}: " + ". ".join(items) for section, items in job.highlights.items() if items]
    return "\n".join([job.title, job.company, job.description, *bullets])


def retrieval_view(job: Job) -> tuple[str, Location, bool]:
    """What candidate retrieval needs of a job: the text embedded (the same as ``JobProfile.text``),
    its place, and whether it is remote; no skill extraction, so a full pass over every live job is cheap."""
    return (clean_text(job_text(job)).text, *_place(job))


def _place(job: Job) -> tuple[Location, bool]:
    location = parse_location(job.location)
    return location, job.remote or location.anywhere


def job_profile(job: Job, extractor: SkillExtractorLike) -> JobProfile:
    cleaned = clean_text(job_text(job))
    segments = _segments(cleaned.text)
    required: dict[str, None] = {}
    preferred: dict[str, None] = {}
    for hit in extractor.extract(cleaned.text):
        in_preferred = any(start <= hit.start < end and pref for start, end, pref in segments)
        (preferred if in_preferred else required)[hit.skill_id] = None
    for skill_id in job.skills:  # skills the scraper found that the text no longer shows
        if skill_id not in preferred:
            required[skill_id] = None
    location, remote = _place(job)
    salary = None
    if job.salary and (job.salary.minimum is not None or job.salary.maximum is not None):
        lo, hi = job.salary.annual()
        salary = (lo, hi, job.salary.currency)
    return JobProfile(
        job_id=job.job_id,
        title=job.title,
        company=job.company,
        location=location,
        remote=remote,
        required=tuple(required),
        preferred=tuple(s for s in preferred if s not in required),
        level=level_from_title(job.title),
        min_years=min_years_required(cleaned.text),
        salary=salary,
        text=cleaned.text,
        # Scraped HTML is full of zero-width spaces (4 of 182 real postings have them): noise in a
        # posting, so only instruction-like text flags one. In a resume they hide things.
        flags=tuple(f for f in cleaned.flags if f != ZERO_WIDTH_FLAG),
    )


def candidate_profile(
    facts: ResumeFacts, text: str, preferences: dict[str, Any] | None, extractor: SkillExtractorLike
) -> CandidateProfile:
    """Facts of the resume plus the user's preferences; skills come from the facts, else from the text."""
    cleaned = clean_text(text)
    prefs = UserPreferences.model_validate(preferences or {})
    skills = frozenset(facts.skills) if facts.skills else frozenset(extractor.canonical_ids(cleaned.text))
    return CandidateProfile(
        user_id=facts.user_id,
        resume_id=facts.resume_id,
        skills=skills,
        years=facts.years_experience,
        seniority=facts.seniority or (level_from_title(facts.recent_title) if facts.recent_title else None),
        title=facts.recent_title,
        location=parse_location(prefs.location or facts.location),
        preferences=prefs,
        text=cleaned.text,
        flags=tuple(dict.fromkeys([*facts.flags, *cleaned.flags])),
    )
