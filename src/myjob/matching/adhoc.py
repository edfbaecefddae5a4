"""Scoring files without the store: a resume file against job description files (``myjob score``).

The resume goes through the resume pipeline's reader (the same facts it would store); each job
file (text, Markdown or PDF) becomes a posting whose title is its first line. The five cheap agents
rank them exactly as the pipeline would; nothing is written and no LLM is called.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any

from myjob.config import Settings
from myjob.embeddings import load_embedder
from myjob.errors import UserError
from myjob.matching.profiles import CandidateProfile, candidate_profile, job_profile
from myjob.matching.scoring import ScoredPair, score_candidates
from myjob.models import Job
from myjob.skills import SkillExtractor

_LOCATION_LINE = re.compile(r"^\W*location\W*:\W*(.+?)\W*$", re.IGNORECASE | re.MULTILINE)
OPEN_PREFERENCES = {"remote": True, "relocation": True}


def candidate_from_resume(
    data: bytes,
    name: str,
    extractor: SkillExtractor,
    settings: Settings,
    *,
    today: date | None = None,
    preferences: dict[str, Any] | None = None,
) -> CandidateProfile:
    """The resume read by the resume pipeline's reader; a file it rejects is a UserError naming why."""
    from myjob.resumes.reader import read_resume
    from myjob.resumes.validation import Limits

    try:
        text, structured = read_resume(
            data, Limits.from_settings(settings), extractor, settings.data_dir, today or date.today()
        )
    except ValueError as error:
        raise UserError(
            f"cannot read resume {name}: {error}", hint="give a PDF, DOCX, Markdown or text resume"
        ) from None
    digest = hashlib.sha256(data).hexdigest()
    facts = structured.facts(user_id=name, resume_id=digest, content_hash=digest)
    return candidate_profile(
        facts, text.text, preferences if preferences is not None else OPEN_PREFERENCES, extractor
    )


def job_from_file(path: Path) -> Job:
    """A posting from a text, Markdown or PDF file: first line is the title, a "Location:" line the place."""
    if not path.is_file():
        raise UserError(
            f"job file not found: {path}", hint="give paths to .txt, .md or .pdf job descriptions"
        )
    if path.suffix.lower() == ".pdf":
        import pypdfium2

        try:
            document = pypdfium2.PdfDocument(str(path))
            text = "\n".join(page.get_textpage().get_text_range() for page in document)
        except pypdfium2.PdfiumError as error:
            raise UserError(
                f"cannot read PDF {path}: {error}", hint="is it a PDF with a text layer?"
            ) from None
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise UserError(
                f"{path} is not UTF-8 text", hint="give a .txt, .md or .pdf job description"
            ) from None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise UserError(f"job file {path} is empty")
    title = lines[0].lstrip("#").strip()[:200]
    location = _LOCATION_LINE.search(text)
    return Job(
        job_id=hashlib.sha256(text.encode()).hexdigest()[:32],
        title=title,
        company="",
        company_normalized="",
        location=location.group(1) if location else "",
        description="\n".join(lines[1:]),
    )


def score_files(resume: Path, job_files: list[Path], settings: Settings) -> list[ScoredPair]:
    from myjob.matching.pipeline import weights_from
    from myjob.skills import default_extractor

    if not resume.is_file():
        raise UserError(f"resume file not found: {resume}")
    extractor = default_extractor()
    candidate = candidate_from_resume(resume.read_bytes(), resume.name, extractor, settings)
    jobs = [job_profile(job_from_file(p), extractor) for p in job_files]
    embedder = load_embedder(settings.embedding_model)
    resume_vector = embedder.embed([candidate.text])[0]
    similarities = embedder.embed([j.text for j in jobs]) @ resume_vector
    return score_candidates(
        candidate,
        [(job, float(s)) for job, s in zip(jobs, similarities, strict=True)],
        weights=weights_from(settings),
        name_of=extractor.name_of,
        similarity_range=settings.semantic_similarity_range,
    )
