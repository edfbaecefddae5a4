"""The steps of reading one resume, shared by the DAG tasks, ``myjob parse`` and the benchmarks.

``extract_text`` (validation + extraction in the limited child + normalization) is the part that
touches untrusted bytes; ``structure`` turns its result into JSON Resume and ``ResumeFacts``
fields. Both take and return plain data, so DAG tasks pass them through XCom unchanged.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from myjob.models import ResumeFacts, Seniority
from myjob.resumes import facts as resume_facts
from myjob.resumes.extraction import Extracted, extract
from myjob.resumes.normalize import normalize_lines
from myjob.resumes.sandbox import run_limited
from myjob.resumes.schema import schema_errors
from myjob.resumes.structure import to_json_resume
from myjob.resumes.validation import FileType, Limits, Rejected, validate
from myjob.skills import SkillExtractor

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class ResumeText:
    """Normalized text of one file and what was noticed on the way."""

    file_type: str
    lines: list[str]
    headings: list[int] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    pages: int = 1

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _extract_in_child(kind: FileType, data: bytes, limits: Limits) -> Extracted:
    return extract(kind, data, limits)


def detect_and_validate(data: bytes, limits: Limits) -> FileType:
    return validate(data, limits)


def extract_text(data: bytes, limits: Limits, kind: FileType | None = None) -> ResumeText:
    """Validated, sandboxed, normalized text; ``Rejected`` with the reason for a bad file."""
    kind = kind or validate(data, limits)
    extracted = run_limited(
        _extract_in_child, kind, data, limits, memory_mb=limits.memory_mb, cpu_s=limits.cpu_s
    )
    lines, flags = normalize_lines(extracted.lines)
    if not any(lines):
        raise Rejected("no text found in the document")
    return ResumeText(
        file_type=kind.value,
        lines=lines,
        headings=sorted(extracted.headings),
        flags=sorted(extracted.flags | flags),
        pages=extracted.pages,
    )


@dataclass
class StructuredResume:
    json_resume: dict[str, Any]
    skills: list[str]
    years_experience: float | None
    recent_title: str | None
    seniority: str | None
    location: str | None
    flags: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def facts(self, *, user_id: str, resume_id: str, content_hash: str) -> ResumeFacts:
        """What matching reads of this resume, under the ids the caller gives it."""
        return ResumeFacts(
            user_id=user_id,
            resume_id=resume_id,
            content_hash=content_hash,
            skills=self.skills,
            years_experience=self.years_experience,
            recent_title=self.recent_title,
            seniority=Seniority(self.seniority) if self.seniority else None,
            location=self.location,
            flags=self.flags,
        )


def structure(
    text: ResumeText, skills: list[str], extractor: SkillExtractor, data_dir: Path, today: date
) -> StructuredResume:
    """JSON Resume plus matching facts; ``Rejected`` if the result does not fit the schema."""
    document = to_json_resume(text.lines, set(text.headings))
    years = resume_facts.years_experience(document.get("work", []), today)
    title = resume_facts.recent_title(document.get("work", []))
    level = resume_facts.seniority(title, years)
    document["$schema"] = SCHEMA_URL
    document["meta"] = {
        "version": "v1.0.0",
        "myjob": {
            "skills": [{"id": s, "name": extractor.name_of(s)} for s in skills],
            "yearsExperience": years,
            "recentTitle": title,
            "seniority": level.value if level else None,
            "flags": text.flags,
            "sourceType": text.file_type,
        },
    }
    errors = schema_errors(document, data_dir)
    if errors:
        raise Rejected(f"structured resume does not fit JSON Resume: {errors[0]}")
    flags = list(text.flags)
    if not document.get("work"):
        flags.append("no_work_history")
    return StructuredResume(
        json_resume=document,
        skills=skills,
        years_experience=years,
        recent_title=title,
        seniority=level.value if level else None,
        location=resume_facts.location_text(document["basics"]),
        flags=sorted(set(flags)),
    )


def read_resume(
    data: bytes, limits: Limits, extractor: SkillExtractor, data_dir: Path, today: date
) -> tuple[ResumeText, StructuredResume]:
    """Every step on one file, in process order (what ``myjob parse`` shows)."""
    text = extract_text(data, limits)
    skills = extractor.canonical_ids(text.text)
    return text, structure(text, skills, extractor, data_dir, today)
