"""The judge inside scoring: only the top N, budgets that the match reports, a capped influence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from myjob.config import Settings
from myjob.errors import TransientServiceError
from myjob.matching.judge import Judge
from myjob.matching.pipeline import weights_from
from myjob.matching.profiles import job_profile
from myjob.matching.scoring import score_candidates
from myjob.models import MatchStatus
from myjob.services.llm import Budget, ChatRequest, Completion, MeteredChat
from myjob.store import open_store
from myjob.store.matches import LlmUsageRepository
from tests.unit.matching.conftest import make_candidate, make_job


class FixedChat:
    def __init__(self, score: float) -> None:
        self.score = score
        self.calls = 0

    def complete(self, request: ChatRequest) -> Completion:
        self.calls += 1
        verdict = {"score": self.score, "reasons": ["r"], "concerns": ["c"], "suspicious_content": False}
        return Completion(json.dumps(verdict), 1000, 100, 0.01)


def _score(extractor, chat, tmp_path: Path, *, per_user: float = 1.0, top_n: int = 2):
    ledger = LlmUsageRepository(open_store(f"sqlite:///{tmp_path / 'ledger.db'}"))
    judge = (
        Judge(MeteredChat(chat, ledger, Budget(1.0, per_user)), model="m", max_tokens=100) if chat else None
    )
    settings = Settings()
    jobs = [(job_profile(make_job(f"j{i}"), extractor), 0.6 - i / 10) for i in range(4)]
    return score_candidates(
        make_candidate(),
        jobs,
        weights=weights_from(settings),
        name_of=str,
        similarity_range=settings.semantic_similarity_range,
        judge=judge,
        judge_top_n=top_n,
        judge_user="p",
        run_key="r",
    )


def test_only_the_top_n_are_judged_and_the_judge_moves_a_score_a_bounded_amount(extractor, tmp_path):
    chat = FixedChat(100)
    offline = {p.job.job_id: p.score for p in _score(extractor, None, tmp_path)}
    pairs = _score(extractor, chat, tmp_path)
    assert chat.calls == 2
    judged = [p for p in pairs if "judge" in p.agents]
    assert {p.job.job_id for p in judged} == {"j0", "j1"}
    for pair in judged:
        assert (
            offline[pair.job.job_id]
            < pair.score
            <= offline[pair.job.job_id] + 0.2 * (100 - offline[pair.job.job_id])
        )
        assert pair.status is MatchStatus.SCORED


def test_a_spent_budget_skips_the_judge_and_the_match_says_so(extractor, tmp_path):
    chat = FixedChat(100)
    pairs = _score(extractor, chat, tmp_path, per_user=0.01)
    assert chat.calls == 1
    skipped = [p for p in pairs if any("budget" in n for n in p.notes)]
    assert len(skipped) == 1
    assert "daily LLM budget" in skipped[0].sentence()
    assert "judge" not in skipped[0].agents
    assert skipped[0].status is MatchStatus.SCORED


@pytest.mark.parametrize("top_n", [0, 1])
def test_offline_scoring_says_the_judge_did_not_run(extractor, tmp_path, top_n):
    pairs = _score(extractor, None, tmp_path, top_n=top_n)
    noted = [p for p in pairs if "offline: no judge configured" in p.sentence()]
    assert len(noted) == top_n


class UnreachableChat:
    def __init__(self) -> None:
        self.calls = 0

    def complete(self, request: ChatRequest) -> Completion:
        self.calls += 1
        raise TransientServiceError("OpenRouter did not answer after 4 attempts: timeout")


def test_an_unreachable_judge_leaves_the_cheap_agents_to_decide_and_the_match_says_so(extractor, tmp_path):
    offline = {p.job.job_id: p.score for p in _score(extractor, None, tmp_path)}
    chat = UnreachableChat()
    pairs = _score(extractor, chat, tmp_path)
    assert chat.calls == 2
    noted = [p for p in pairs if any(n.startswith("judge unavailable") for n in p.notes)]
    assert {p.job.job_id for p in noted} == {"j0", "j1"}
    for pair in noted:
        assert "judge" not in pair.agents
        assert pair.score == offline[pair.job.job_id]
        assert "judge unavailable" in pair.sentence()
