"""Each cheap agent on its own, and the aggregate's rules."""

from __future__ import annotations

import pytest

from myjob.errors import UserError
from myjob.matching.agents import (
    JUDGE,
    AgentScore,
    compensation_agent,
    experience_agent,
    location_agent,
    semantic_agent,
    skills_agent,
)
from myjob.matching.aggregate import Weights, aggregate
from myjob.matching.profiles import job_profile, level_from_title, min_years_required
from myjob.models import Seniority
from tests.unit.matching.conftest import SKILLS, make_candidate, make_job, salary

WEIGHTS = Weights.checked(
    {"skills": 0.3, "semantic": 0.2, "experience": 0.15, "location": 0.15, "compensation": 0.1, "judge": 0.1},
    max_agent_share=0.4,
    judge_share_cap=0.2,
)


def test_skills_agent_weighs_required_over_preferred_and_names_the_missing(extractor):
    job = job_profile(make_job(), extractor)
    assert job.required == ("python", "sql", "kubernetes")
    assert job.preferred == ("go",)
    full = skills_agent(make_candidate(), job, SKILLS.get)
    # coverage is shrunk toward 1/2 by two pseudo-skills: 3 of 3 required -> 4/5, 0 of 1 preferred -> 1/3
    assert full.score == pytest.approx(100 * (0.8 * 4 / 5 + 0.2 * 1 / 3))
    assert full.missing == ("go",)
    assert "missing preferred: Go" in full.reasons
    partial = skills_agent(make_candidate(skills=frozenset({"python", "go"})), job, SKILLS.get)
    assert partial.score == pytest.approx(100 * (0.8 * 2 / 5 + 0.2 * 2 / 3))
    assert "missing required: SQL, Kubernetes" in partial.reasons
    none = skills_agent(make_candidate(skills=frozenset()), job, SKILLS.get)
    assert none.score < partial.score < full.score


def test_skills_agent_abstains_when_the_posting_names_no_skills(extractor):
    job = job_profile(make_job(title="Office Manager", description="Great team, great snacks."), extractor)
    assert skills_agent(make_candidate(), job, SKILLS.get).score is None


def test_experience_agent_compares_years_and_level(extractor):
    job = job_profile(make_job(), extractor)  # senior, 5+ years
    assert job.level is Seniority.SENIOR
    assert job.min_years == 5
    assert experience_agent(make_candidate(), job).score == 100
    junior = experience_agent(make_candidate(years=2.0, seniority=Seniority.JUNIOR), job)
    assert junior.score == pytest.approx((40 + 15) / 2)
    assert "short of the 5+" in junior.reasons[0]
    unknown = experience_agent(make_candidate(years=None, seniority=None), job)
    assert unknown.score is None


def test_levels_and_years_are_read_from_titles_and_text():
    assert level_from_title("Software Engineer II") is Seniority.MID
    assert level_from_title("Principal Data Scientist") is Seniority.LEAD
    assert level_from_title("Program Manager 2") is Seniority.MID
    assert level_from_title("Software Engineer") is None
    assert min_years_required("7+ years of Java. 10+ years of Go preferred. Founded 1975.") == 7


@pytest.mark.parametrize(
    ("where", "job_location", "remote", "prefs", "expected"),
    [
        ("Seattle, WA", "Seattle, WA", False, {}, 100),
        ("Seattle, WA", "Redmond, Washington", False, {}, 80),
        ("Austin, TX", "Anywhere", True, {}, 100),
        ("Austin, TX", "Seattle, WA", False, {"relocation": True}, 65),
        ("Austin, TX", "Seattle, WA", False, {"relocation_locations": ["Seattle"]}, 90),
        ("Austin, TX", "Seattle, WA", False, {}, 0),
        ("Austin, TX", "Seattle, WA", False, {"remote_only": True}, 0),
        ("Austin, TX", "United States", False, {}, 70),
        ("", "Seattle, WA", False, {}, None),
        ("Austin, TX", "Anywhere", True, {"remote": False}, 0),
    ],
)
def test_location_agent(extractor, where, job_location, remote, prefs, expected):
    job = job_profile(make_job(location=job_location, remote=remote), extractor)
    result = location_agent(make_candidate(where=where, preferences=prefs), job)
    assert result.score == expected, result.reasons


def test_compensation_agent_only_judges_comparable_known_figures(extractor):
    def score(job_salary, prefs):
        job = job_profile(make_job(salary=job_salary), extractor)
        return compensation_agent(make_candidate(preferences=prefs), job).score

    assert score(salary(150_000, 190_000), {"salary_min": 140_000}) == 100
    assert score(salary(120_000, 160_000), {"salary_min": 150_000}) == 85
    assert score(salary(100_000, 135_000), {"salary_min": 150_000}) == pytest.approx(70)
    assert score(salary(60_000, 80_000), {"salary_min": 150_000}) == 0
    assert score(None, {"salary_min": 150_000}) is None
    assert score(salary(150_000, 190_000), {}) is None
    assert score(salary(150_000, 190_000), {"salary_min": 140_000, "currency": "EUR"}) is None
    hourly = make_job(salary=salary(80, 100).model_copy(update={"period": "HOUR"}))
    assert (
        compensation_agent(
            make_candidate(preferences={"salary_min": 150_000}), job_profile(hourly, extractor)
        ).score
        == 100
    )


def test_semantic_agent_maps_cosine_linearly_and_clamps():
    assert semantic_agent(0.25, 0.25, 0.75).score == 0
    assert semantic_agent(0.5, 0.25, 0.75).score == pytest.approx(50)
    assert semantic_agent(0.95, 0.25, 0.75).score == 100
    assert semantic_agent(-0.3, 0.25, 0.75).score == 0


def _scores(**values):
    return {name: AgentScore(name, value, ()) for name, value in values.items()}


def test_no_single_agent_carries_a_match():
    alone = aggregate(_scores(skills=100, experience=0, location=0, semantic=0), WEIGHTS)
    assert alone < 40
    unknown_rest = aggregate(_scores(skills=100, experience=None, location=None, semantic=0), WEIGHTS)
    assert unknown_rest < 60
    with pytest.raises(UserError, match="carry a match"):
        Weights.checked(
            {"skills": 0.9, "semantic": 0.1, "experience": 0.1, "location": 0.1},
            max_agent_share=0.4,
            judge_share_cap=0.2,
        )


def test_judge_weight_is_capped_and_it_cannot_raise_a_flagged_match():
    cheap = _scores(skills=50, experience=50, location=50, semantic=50)
    judged = cheap | {JUDGE: AgentScore(JUDGE, 100.0, ())}
    raised = aggregate(judged, WEIGHTS)
    assert 50 < raised <= 50 + 0.2 * 50
    assert aggregate(judged, WEIGHTS, flagged=True) == pytest.approx(50)
    lowered = cheap | {JUDGE: AgentScore(JUDGE, 0.0, ())}
    assert aggregate(lowered, WEIGHTS, flagged=True) < 50
