"""Scoring one user's candidates: the cheap agents on every pair, the judge on the best few.

Shared by the ``ai_score_matches`` task, ``myjob score`` and the benchmark, so that all three rank
with the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from myjob.matching.agents import JUDGE, AgentScore, cheap_scores
from myjob.matching.aggregate import Weights, aggregate, explanation
from myjob.matching.judge import Judge
from myjob.matching.profiles import CandidateProfile, JobProfile
from myjob.models import MatchStatus

# Flags that mean someone wrote for a machine reader: such a match is reviewed by a person.
SUSPICIOUS_FLAGS = frozenset({"hidden_text", "white_text", "zero_width_characters", "instruction_text"})


@dataclass
class ScoredPair:
    candidate: CandidateProfile
    job: JobProfile
    agents: dict[str, AgentScore]
    score: float
    notes: list[str] = field(default_factory=list)
    needs_review: bool = False

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*self.candidate.flags, *self.job.flags]))

    @property
    def status(self) -> MatchStatus:
        return MatchStatus.NEEDS_REVIEW if self.needs_review else MatchStatus.SCORED

    def sentence(self) -> str:
        return explanation(self.score, self.agents, note="; ".join(self.notes) or None)

    def as_row(self) -> dict[str, Any]:
        """The ``matches`` columns this pair fills (the caller adds run key and timestamps)."""
        skills = self.agents.get("skills")
        return {
            "user_id": self.candidate.user_id,
            "job_id": self.job.job_id,
            "resume_id": self.candidate.resume_id,
            "score": round(self.score, 2),
            "status": self.status.value,
            "agent_scores": {name: a.as_dict() for name, a in self.agents.items()}
            | {"_flags": list(self.flags), "_notes": list(self.notes)},
            "matched_skills": list(skills.matched) if skills else [],
            "missing_skills": list(skills.missing) if skills else [],
            "explanation": self.sentence(),
        }


def score_candidates(
    candidate: CandidateProfile,
    jobs: Sequence[tuple[JobProfile, float]],
    *,
    weights: Weights,
    name_of: Callable[[str], str],
    similarity_range: tuple[float, float],
    judge: Judge | None = None,
    judge_top_n: int = 0,
    judge_user: str = "",
    run_key: str = "",
) -> list[ScoredPair]:
    """Every (job, cosine) for one candidate scored, best first; the judge sees the top ``judge_top_n``."""
    scored = []
    for job, similarity in jobs:
        agents = cheap_scores(candidate, job, similarity, name_of=name_of, similarity_range=similarity_range)
        pair = ScoredPair(candidate, job, agents, aggregate(agents, weights))
        if SUSPICIOUS_FLAGS.intersection(pair.flags):
            pair.needs_review = True
            pair.notes.append("flagged: " + ", ".join(sorted(SUSPICIOUS_FLAGS.intersection(pair.flags))))
        scored.append(pair)
    scored.sort(key=lambda p: (-p.score, p.job.job_id))
    if judge is None:
        if judge_top_n:
            for pair in scored[:judge_top_n]:
                pair.notes.append("offline: no judge configured")
        return scored
    for pair in scored[:judge_top_n]:
        outcome = judge.assess(candidate, pair.job, pair.agents, user=judge_user, run_key=run_key)
        if outcome.score is not None:
            pair.agents[JUDGE] = outcome.score
        if outcome.note:
            pair.notes.append(outcome.note)
        pair.needs_review = pair.needs_review or outcome.needs_review
        pair.score = aggregate(pair.agents, weights, flagged=bool(pair.flags) or outcome.needs_review)
    scored.sort(key=lambda p: (-p.score, p.job.job_id))
    return scored
