"""The weighted aggregate of the agents, and the one sentence a user reads about a match.

Rules that keep any one agent from carrying a match:
- the four core agents (skills, experience, location, semantic) always count; one that knows
  nothing counts as a neutral 50, so a strong skills score alone cannot lift an unknown match;
- no weight may exceed ``match_max_agent_share`` of the core weights (checked when built);
- compensation and the judge count only when they ran; the judge's weight share is capped, and on
  a flagged input (instruction-like or invisible text) the judge may lower a score but never raise it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from myjob.errors import UserError
from myjob.matching.agents import (
    COMPENSATION,
    EXPERIENCE,
    JUDGE,
    LOCATION,
    SEMANTIC,
    SKILLS,
    AgentScore,
)

CORE_AGENTS = (SKILLS, EXPERIENCE, LOCATION, SEMANTIC)
OPTIONAL_AGENTS = (COMPENSATION, JUDGE)
NEUTRAL = 50.0


@dataclass(frozen=True)
class Weights:
    values: Mapping[str, float]
    judge_share_cap: float

    @classmethod
    def checked(
        cls, values: Mapping[str, float], *, max_agent_share: float, judge_share_cap: float
    ) -> Weights:
        """Weights that pass the rules in the module docstring, or a UserError that says which one failed."""
        unknown = set(values) - set(CORE_AGENTS) - set(OPTIONAL_AGENTS)
        missing = set(CORE_AGENTS) - set(values)
        if unknown or missing or any(w < 0 for w in values.values()):
            raise UserError(
                f"match_weights must give a weight >= 0 to each of {CORE_AGENTS + OPTIONAL_AGENTS}",
                hint=f"unknown: {sorted(unknown)}, missing: {sorted(missing)}",
            )
        core = sum(values[a] for a in CORE_AGENTS)
        heavy = {a: w / core for a, w in values.items() if core <= 0 or w / core > max_agent_share}
        if heavy:
            shares = ", ".join(f"{a} {s:.0%}" for a, s in heavy.items())
            raise UserError(
                f"match_weights let one agent carry a match: {shares}",
                hint=f"keep every weight under {max_agent_share:.0%} of the core agents' total ({core:g})",
            )
        return cls(dict(values), judge_share_cap)


def aggregate(scores: Mapping[str, AgentScore], weights: Weights, *, flagged: bool = False) -> float:
    """Weighted mean of the agents' scores by the rules above, 0 to 100."""
    total = weighted = 0.0
    for agent in CORE_AGENTS:
        w = weights.values[agent]
        score = scores[agent].score if agent in scores else None
        total += w
        weighted += w * (NEUTRAL if score is None else score)
    comp = scores.get(COMPENSATION)
    if comp is not None and comp.score is not None:
        w = weights.values.get(COMPENSATION, 0.0)
        total += w
        weighted += w * comp.score
    base = weighted / total if total else NEUTRAL
    judge = scores.get(JUDGE)
    if judge is None or judge.score is None:
        return base
    w = weights.values.get(JUDGE, 0.0)
    share = min(w / (total + w) if total + w else 0.0, weights.judge_share_cap)
    judged = min(judge.score, base) if flagged else judge.score
    return (1 - share) * base + share * judged


def explanation(score: float, scores: Mapping[str, AgentScore], *, note: str | None = None) -> str:
    """One sentence: the verdict, then the strongest facts for and against."""
    verdict = (
        "Strong match"
        if score >= 75
        else "Good match"
        if score >= 60
        else "Partial match"
        if score >= 40
        else "Weak match"
    )
    parts: list[str] = []
    skills = scores.get(SKILLS)
    if skills is not None and skills.reasons:
        parts.append(skills.reasons[0])
        parts.extend(r for r in skills.reasons if r.startswith("missing required"))
    for agent in (EXPERIENCE, LOCATION, COMPENSATION):
        found = scores.get(agent)
        if found is not None and found.score is not None and found.reasons:
            parts.append(found.reasons[0])
    sentence = f"{verdict} ({score:.0f}/100)" + (": " + "; ".join(parts) if parts else "")
    if note:
        sentence += f" ({note})"
    return sentence + "."
