"""Ranking quality on labelled pairs: real CVs against real postings, precision@k and average precision.

``data/matching/labelled_pairs.json`` grades each posting's relevance to each CV (0, 1 or 2). Two
rankings are measured: the embedding similarity alone (to choose the model) and the whole cheap
matcher (what users see). Location is neutral here: every posting is in one state, so it cannot
separate them, and the hard filter is left out so that the full list is ranked.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from myjob.config import Settings
from myjob.embeddings.models import Embedder
from myjob.matching.profiles import (
    CandidateProfile,
    JobProfile,
    job_profile,
)
from myjob.matching.scoring import score_candidates
from myjob.models import Job
from myjob.skills import SkillExtractor


@dataclass(frozen=True)
class LabelledSet:
    resumes: dict[str, str]  # name -> text
    postings: list[Job]
    grades: dict[str, dict[str, int]]  # resume name -> posting id -> grade


def load_labelled(repo_root: Path) -> LabelledSet:
    spec = json.loads((repo_root / "data" / "matching" / "labelled_pairs.json").read_text(encoding="utf-8"))
    raw = json.loads((repo_root / spec["postings"]).read_text(encoding="utf-8"))
    postings = [
        Job(
            job_id=str(p["id"]),
            title=p["title"],
            company="Microsoft",
            company_normalized="microsoft",
            location=f"{p.get('state') or ''}, United States".lstrip(", "),
            description=p["description"],
        )
        for p in raw
    ]
    resumes = {name: (repo_root / name).read_text(encoding="utf-8") for name in spec["resumes"]}
    return LabelledSet(resumes, postings, {name: dict(g) for name, g in spec["resumes"].items()})


def precision_at(ranked: Sequence[str], grades: dict[str, int], k: int, *, min_grade: int = 1) -> float:
    return sum(1 for job_id in ranked[:k] if grades.get(job_id, 0) >= min_grade) / k


def average_precision(ranked: Sequence[str], grades: dict[str, int], *, min_grade: int = 1) -> float:
    hits, total = 0, 0.0
    relevant = sum(1 for g in grades.values() if g >= min_grade)
    for position, job_id in enumerate(ranked, 1):
        if grades.get(job_id, 0) >= min_grade:
            hits += 1
            total += hits / position
    return total / relevant if relevant else 0.0


def embedding_rankings(data: LabelledSet, embed: Callable[[list[str]], np.ndarray]) -> dict[str, list[str]]:
    """Postings ordered by cosine to each CV (texts as the pipeline embeds them)."""
    from myjob.matching.profiles import job_text
    from myjob.matching.sanitize import clean_text

    job_vectors = embed([clean_text(job_text(j)).text for j in data.postings])
    rankings = {}
    for name, text in data.resumes.items():
        sims = job_vectors @ embed([clean_text(text).text])[0]
        order = np.argsort(-sims, kind="stable")
        rankings[name] = [data.postings[i].job_id for i in order]
    return rankings


def resume_profile(name: str, text: str, extractor: SkillExtractor, settings: Settings) -> CandidateProfile:
    """The CV read by the resume pipeline (facts as it would store them), open to any location."""
    from myjob.matching.adhoc import candidate_from_resume

    return candidate_from_resume(text.encode(), name, extractor, settings, today=date(2026, 6, 1))


def matcher_rankings(
    data: LabelledSet,
    embedder: Embedder,
    extractor: SkillExtractor,
    settings: Settings,
) -> dict[str, list[str]]:
    """Postings ordered by the aggregate of the five cheap agents for each CV."""
    from myjob.matching.pipeline import weights_from

    jobs: list[JobProfile] = [job_profile(j, extractor) for j in data.postings]
    job_vectors = embedder.embed([j.text for j in jobs])
    rankings = {}
    for name, text in data.resumes.items():
        candidate = resume_profile(name, text, extractor, settings)
        sims = job_vectors @ embedder.embed([candidate.text])[0]
        scored = score_candidates(
            candidate,
            [(job, float(s)) for job, s in zip(jobs, sims, strict=True)],
            weights=weights_from(settings),
            name_of=extractor.name_of,
            similarity_range=settings.semantic_similarity_range,
        )
        rankings[name] = [p.job.job_id for p in scored]
    return rankings


def summarize(rankings: dict[str, list[str]], data: LabelledSet) -> dict[str, float]:
    """Mean precision@5 (grade >= 1 and grade 2), precision@10 and average precision over the CVs."""
    names = list(rankings)
    return {
        "p@5": float(np.mean([precision_at(rankings[n], data.grades[n], 5) for n in names])),
        "p@5_core": float(
            np.mean([precision_at(rankings[n], data.grades[n], 5, min_grade=2) for n in names])
        ),
        "p@10": float(np.mean([precision_at(rankings[n], data.grades[n], 10) for n in names])),
        "map": float(np.mean([average_precision(rankings[n], data.grades[n]) for n in names])),
    }
