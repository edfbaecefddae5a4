"""OpenRouterChat and MeteredChat against a local chat-completions server."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from myjob.errors import ServiceError, TransientServiceError
from myjob.matching.judge import parse_verdict
from myjob.services.llm import Budget, ChatRequest, MeteredChat, OpenRouterChat, retry_after_seconds
from myjob.store import open_store
from myjob.store.matches import LlmUsageRepository
from tests.services.fake_chat import completion, error, fake_chat_server

GOOD = json.dumps({"score": 82, "reasons": ["covers the stack"], "concerns": [], "suspicious_content": False})


@pytest.fixture
def chat_server():
    with fake_chat_server() as server:
        yield server


@pytest.fixture
def sleeps() -> list[float]:
    return []


def _client(server, sleeps, **kwargs) -> OpenRouterChat:
    return OpenRouterChat("test-key", base_url=server.base_url, sleep=sleeps.append, **kwargs)


def _request(text: str = "resume and job") -> ChatRequest:
    return ChatRequest(
        operation="match_judge",
        model="test/model",
        messages=[{"role": "system", "content": "judge"}, {"role": "user", "content": text}],
        schema_name="match_verdict",
        schema={"type": "object"},
        max_tokens=100,
    )


def test_answer_tokens_and_cost_are_read_and_the_request_asks_for_a_json_schema(chat_server, sleeps):
    chat_server.script(completion(GOOD, prompt_tokens=111, completion_tokens=22, cost=0.0031))
    result = _client(chat_server, sleeps).complete(_request())
    assert json.loads(result.content)["score"] == 82
    assert (result.prompt_tokens, result.completion_tokens, result.cost_usd) == (111, 22, 0.0031)
    sent = chat_server.requests[0]
    assert sent["path"] == "/api/v1/chat/completions"
    assert sent["auth"] == "Bearer test-key"
    assert sent["body"]["response_format"]["type"] == "json_schema"
    assert sent["body"]["usage"] == {"include": True}


def test_429_is_retried_after_the_time_the_server_asks(chat_server, sleeps):
    chat_server.script(error(429, "slow down", **{"Retry-After": "7"}), completion(GOOD))
    assert _client(chat_server, sleeps).complete(_request()).content == GOOD
    assert sleeps == [7.0]
    assert len(chat_server.requests) == 2


def test_500_is_retried_with_bounded_backoff_then_gives_up(chat_server, sleeps):
    chat_server.script(error(500, "upstream down"))
    with pytest.raises(TransientServiceError, match="failed 3 times; last: HTTP 500"):
        _client(chat_server, sleeps, max_attempts=3, backoff_s=1.0).complete(_request())
    assert sleeps == [1.0, 2.0]
    assert len(chat_server.requests) == 3


def test_a_timeout_is_retried(chat_server, sleeps):
    chat_server.script(
        completion(GOOD).__class__(**{**completion(GOOD).__dict__, "delay_s": 1.5}), completion(GOOD)
    )
    result = _client(chat_server, sleeps, timeout_s=0.5).complete(_request())
    assert result.content == GOOD
    assert len(sleeps) == 1


def test_a_4xx_is_a_clear_error_and_is_not_retried(chat_server, sleeps):
    chat_server.script(error(401, "No auth credentials found"))
    with pytest.raises(ServiceError, match="refused match_judge with HTTP 401: No auth credentials found"):
        _client(chat_server, sleeps).complete(_request())
    assert len(chat_server.requests) == 1
    assert sleeps == []


def test_retry_after_accepts_seconds_and_http_dates():
    assert retry_after_seconds({"retry-after": "3"}) == 3
    assert retry_after_seconds({}) is None
    assert retry_after_seconds({"retry-after": "Thu, 01 Jan 2099 00:00:00 GMT"}) > 1000


@pytest.fixture
def ledger(tmp_path: Path) -> LlmUsageRepository:
    return LlmUsageRepository(open_store(f"sqlite:///{tmp_path / 'ledger.db'}"))


def _metered(server, sleeps, ledger, **budget) -> MeteredChat:
    limits = {"per_run_usd": 1.0, "per_user_day_usd": 1.0} | budget
    return MeteredChat(_client(server, sleeps), ledger, Budget(**limits))


def test_a_repeated_request_is_answered_from_the_ledger_without_a_second_call(chat_server, sleeps, ledger):
    chat_server.script(completion(GOOD, cost=0.002))
    metered = _metered(chat_server, sleeps, ledger)
    first = metered.ask(_request(), user="pseudo-1", run_key="r1", validate=parse_verdict)
    again = _metered(chat_server, sleeps, ledger).ask(
        _request(), user="pseudo-1", run_key="r1", validate=parse_verdict
    )
    assert first.status == "answered"
    assert again.status == "reused"
    assert again.value == first.value
    assert len(chat_server.requests) == 1
    [row] = ledger.usage("r1")
    assert (row["user_id"], row["operation"], row["cost_usd"], row["prompt_tokens"]) == (
        "pseudo-1",
        "match_judge",
        0.002,
        120,
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("this is not json", "breaks the schema"),
        (
            json.dumps({"score": "high", "reasons": ["x"], "concerns": [], "suspicious_content": False}),
            "score",
        ),
        (json.dumps({"score": 90, "reasons": [], "concerns": [], "suspicious_content": False}), "reasons"),
        (
            json.dumps({"score": 90, "reasons": ["x"], "concerns": [], "suspicious_content": False, "x": 1}),
            "x",
        ),
    ],
)
def test_invalid_json_or_a_schema_breaking_answer_is_recorded_as_invalid(
    chat_server, sleeps, ledger, content, reason
):
    chat_server.script(completion(content))
    answer = _metered(chat_server, sleeps, ledger).ask(
        _request(), user="p", run_key="r1", validate=parse_verdict
    )
    assert answer.status == "invalid"
    assert reason in answer.reason
    assert answer.value is None
    repeat = _metered(chat_server, sleeps, ledger).ask(
        _request(), user="p", run_key="r1", validate=parse_verdict
    )
    assert repeat.status == "invalid"
    assert len(chat_server.requests) == 1


def test_out_of_range_scores_are_clamped():
    verdict = parse_verdict(
        json.dumps({"score": 250, "reasons": ["x"], "concerns": [], "suspicious_content": False})
    )
    assert verdict["score"] == 100


def test_budgets_per_run_and_per_user_stop_calls(chat_server, sleeps, ledger):
    chat_server.script(completion(GOOD, cost=0.01))
    metered = _metered(chat_server, sleeps, ledger, per_run_usd=0.01, per_user_day_usd=1.0)
    assert metered.ask(_request("a"), user="p1", run_key="r1", validate=parse_verdict).status == "answered"
    over = metered.ask(_request("b"), user="p2", run_key="r1", validate=parse_verdict)
    assert over.status == "over_budget"
    assert "run's LLM budget" in over.reason
    per_user = _metered(chat_server, sleeps, ledger, per_user_day_usd=0.01)
    assert (
        per_user.ask(_request("c"), user="p1", run_key="r2", validate=parse_verdict).status == "over_budget"
    )
    assert per_user.ask(_request("d"), user="p3", run_key="r2", validate=parse_verdict).status == "answered"
    assert len(chat_server.requests) == 2
    assert ledger.spent(user="p1", since=datetime(2000, 1, 1, tzinfo=UTC)) == pytest.approx(0.01)
