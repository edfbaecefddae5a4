"""The cheap agents: deterministic scorers of one (candidate, job) pair, 0 to 100 with reasons.

Each returns ``score=None`` when it has nothing to judge by (no salary on either side, say); the
aggregate then treats it as unknown instead of guessing. The judge (``judge.py``) is the sixth
agent and the only one that costs money.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from myjob.matching.profiles import SENIORITY_RANK, CandidateProfile, JobProfile

SKILLS, EXPERIENCE, LOCATION, COMPENSATION, SEMANTIC, JUDGE = (
    "skills",
    "experience",
    "location",
    "compensation",
    "semantic",
    "judge",
)
CHEAP_AGENTS = (SKILLS, EXPERIENCE, LOCATION, COMPENSATION, SEMANTIC)


@dataclass(frozen=True, slots=True)
class AgentScore:
    agent: str
    score: float | None
    reasons: tuple[str, ...]
    matched: tuple[str, ...] = field(default=())
    missing: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "score": None if self.score is None else round(self.score, 1),
            "reasons": list(self.reasons),
            "matched": list(self.matched),
            "missing": list(self.missing),
        }


def _names(ids: list[str], name_of: Callable[[str], str]) -> str:
    shown = [name_of(i) for i in ids[:5]]
    return ", ".join(shown) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")


SKILL_PRIOR = 2.0


def _coverage(hits: int, total: int) -> float:
    """Share covered, shrunk toward one half by ``SKILL_PRIOR`` pseudo-skills: 2 of 2 named skills is
    weaker evidence than 10 of 12, and a posting naming one skill should not decide a match."""
    return (hits + SKILL_PRIOR / 2) / (total + SKILL_PRIOR)


def skills_agent(candidate: CandidateProfile, job: JobProfile, name_of: Callable[[str], str]) -> AgentScore:
    """Coverage of the required skills (80%) and the preferred ones (20%); the missing ones named."""
    if not job.required and not job.preferred:
        return AgentScore(SKILLS, None, ("the posting names no skills we recognize",))
    have = candidate.skills
    req_hit = [s for s in job.required if s in have]
    req_miss = [s for s in job.required if s not in have]
    pref_hit = [s for s in job.preferred if s in have]
    pref_miss = [s for s in job.preferred if s not in have]
    req_cov = _coverage(len(req_hit), len(job.required)) if job.required else None
    pref_cov = _coverage(len(pref_hit), len(job.preferred)) if job.preferred else None
    if req_cov is not None and pref_cov is not None:
        score = 100 * (0.8 * req_cov + 0.2 * pref_cov)
    else:
        score = 100 * (req_cov if req_cov is not None else pref_cov or 0.0)
    reasons = []
    if job.required:
        reasons.append(f"covers {len(req_hit)} of {len(job.required)} required skills")
    if job.preferred:
        reasons.append(f"covers {len(pref_hit)} of {len(job.preferred)} preferred skills")
    if req_miss:
        reasons.append("missing required: " + _names(req_miss, name_of))
    if pref_miss:
        reasons.append("missing preferred: " + _names(pref_miss, name_of))
    return AgentScore(SKILLS, score, tuple(reasons), tuple(req_hit + pref_hit), tuple(req_miss + pref_miss))


_LEVEL_FIT = {0: 100.0, 1: 85.0, -1: 55.0}


def experience_agent(candidate: CandidateProfile, job: JobProfile) -> AgentScore:
    """Years against the posting's minimum, and seniority against the level its title names."""
    parts: list[float] = []
    reasons: list[str] = []
    if job.min_years is not None and candidate.years is not None:
        shortfall = job.min_years - candidate.years
        parts.append(100.0 if shortfall <= 0 else max(0.0, 100.0 - 20.0 * shortfall))
        verb = "meets" if shortfall <= 0 else "is short of"
        reasons.append(f"{candidate.years:g} years {verb} the {job.min_years:g}+ asked")
    if job.level is not None and candidate.seniority is not None:
        gap = SENIORITY_RANK[candidate.seniority] - SENIORITY_RANK[job.level]
        parts.append(_LEVEL_FIT.get(gap, 60.0 if gap > 0 else 15.0))
        if gap == 0:
            reasons.append(f"{candidate.seniority.value} level fits a {job.level.value} role")
        else:
            side = "above" if gap > 0 else "below"
            reasons.append(
                f"{candidate.seniority.value} is {abs(gap)} level(s) {side} the {job.level.value} role"
            )
    if not parts:
        return AgentScore(EXPERIENCE, None, ("experience or level unknown on one side",))
    return AgentScore(EXPERIENCE, sum(parts) / len(parts), tuple(reasons))


def location_agent(candidate: CandidateProfile, job: JobProfile) -> AgentScore:
    """Remote, same city or region, relocation; 0 means the hard filter should have removed the pair."""
    prefs = candidate.preferences
    here, there = candidate.location, job.location
    if job.remote and prefs.remote:
        return AgentScore(LOCATION, 100.0, ("remote role, and remote work suits the candidate",))
    if prefs.remote_only:
        return AgentScore(
            LOCATION, 0.0, (f"on-site in {there.label()}, but the candidate works remote only",)
        )
    if job.remote and not there.known:
        return AgentScore(LOCATION, 0.0, ("remote role, but the candidate wants on-site work",))
    if not here.known or not there.known:
        return AgentScore(LOCATION, None, ("location unknown on one side",))
    targets = [t.lower() for t in prefs.relocation_locations]
    if here.city and here.city == there.city:
        return AgentScore(LOCATION, 100.0, (f"same city ({there.label()})",))
    if there.key and here.key == there.key and there.region:
        return AgentScore(LOCATION, 80.0, (f"same region ({there.region})",))
    if any(t and t in there.label().lower() for t in targets):
        return AgentScore(LOCATION, 90.0, (f"{there.label()} is one of the candidate's relocation choices",))
    if prefs.relocation and here.country and here.country == there.country:
        return AgentScore(
            LOCATION, 65.0, (f"needs relocation within {there.country}, which the candidate accepts",)
        )
    if here.country and there.country and here.country == there.country and not there.region:
        return AgentScore(LOCATION, 70.0, (f"posted for all of {there.country}",))
    if prefs.relocation:
        return AgentScore(
            LOCATION, 40.0, (f"needs relocation to {there.label()}, which the candidate accepts",)
        )
    return AgentScore(
        LOCATION, 0.0, (f"{there.label()} is far from {here.label()} and the candidate will not move",)
    )


def compensation_agent(candidate: CandidateProfile, job: JobProfile) -> AgentScore:
    """The posted range (per year) against the user's minimum, only when both are known and comparable."""
    expected = candidate.preferences.annual_salary_min()
    if job.salary is None or expected is None:
        return AgentScore(COMPENSATION, None, ("salary unknown on one side",))
    lo, hi, currency = job.salary
    if currency.upper() != candidate.preferences.salary_currency.upper():
        return AgentScore(COMPENSATION, None, (f"posted in {currency}, expectation in another currency",))
    top = hi if hi is not None else lo
    assert top is not None  # job_profile keeps a salary only when one bound exists
    if lo is not None and lo >= expected:
        return AgentScore(
            COMPENSATION, 100.0, (f"the whole range is at or above the {expected:,.0f} expected",)
        )
    if top >= expected:
        return AgentScore(COMPENSATION, 85.0, (f"the top of the range reaches the {expected:,.0f} expected",))
    shortfall = 1 - top / expected
    return AgentScore(
        COMPENSATION,
        max(0.0, 100.0 - 300.0 * shortfall),
        (f"the top of the range is {shortfall:.0%} below the {expected:,.0f} expected",),
    )


def semantic_agent(similarity: float, floor: float, ceiling: float) -> AgentScore:
    """Cosine of resume and posting embeddings mapped linearly from [floor, ceiling] to [0, 100]."""
    score = 100.0 * min(1.0, max(0.0, (similarity - floor) / (ceiling - floor)))
    return AgentScore(SEMANTIC, score, (f"resume and posting text similarity {similarity:.2f}",))


def cheap_scores(
    candidate: CandidateProfile,
    job: JobProfile,
    similarity: float,
    *,
    name_of: Callable[[str], str],
    similarity_range: tuple[float, float],
) -> dict[str, AgentScore]:
    """All five cheap agents on one pair."""
    return {
        SKILLS: skills_agent(candidate, job, name_of),
        EXPERIENCE: experience_agent(candidate, job),
        LOCATION: location_agent(candidate, job),
        COMPENSATION: compensation_agent(candidate, job),
        SEMANTIC: semantic_agent(similarity, *similarity_range),
    }
