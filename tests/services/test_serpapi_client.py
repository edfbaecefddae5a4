"""The real SerpAPI client against a local server that answers like SerpAPI."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from fake_api import FakeApi, Reply, google_jobs_pages, job_items

from myjob.errors import ServiceError, TransientServiceError
from myjob.services.http import retry_after_seconds
from myjob.services.serpapi import SerpApiClient

KEY = "sk-test-9f8e7d6c5b4a"


def client(api: FakeApi, sleeps: list[float], **kwargs: object) -> SerpApiClient:
    options: dict[str, object] = {"timeout_s": 2.0, "max_retries": 3}
    options.update(kwargs)
    return SerpApiClient(KEY, base_url=api.url, sleep=sleeps.append, **options)  # type: ignore[arg-type]


def test_pages_by_next_page_token_until_max_jobs(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on("/search.json", google_jobs_pages(job_items(35)))
    result = client(fake_api, sleeps).search("data engineer", "Austin, Texas", max_jobs=25)
    assert [i["job_id"] for i in result.items] == [f"job-{n}" for n in range(25)]
    assert result.pages == 3
    calls = fake_api.calls("/search.json")
    assert [c.query.get("next_page_token") for c in calls] == [None, "tok-10", "tok-20"]
    assert all(c.query["engine"] == "google_jobs" and c.query["q"] == "data engineer" for c in calls)
    assert calls[0].query["location"] == "Austin, Texas"
    assert calls[0].query["api_key"] == KEY


def test_stops_when_pages_run_out(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on("/search.json", google_jobs_pages(job_items(14)))
    result = client(fake_api, sleeps).search("q", "l", max_jobs=50)
    assert (len(result.items), result.pages) == (14, 2)


def test_error_field_is_a_service_error_with_serpapi_text(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on(
        "/search.json", Reply(200, {"search_metadata": {"status": "Error"}, "error": "Invalid location."})
    )
    with pytest.raises(ServiceError, match="Invalid location"):
        client(fake_api, sleeps).search("q", "Atlantis", max_jobs=10)


def test_no_results_message_is_an_empty_result(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on(
        "/search.json",
        Reply(
            200,
            {
                "search_metadata": {"status": "Success"},
                "error": "Google hasn't returned any results for this query.",
            },
        ),
    )
    result = client(fake_api, sleeps).search("q", "l", max_jobs=10)
    assert (result.items, result.pages) == ([], 1)


def test_401_fails_at_once_with_the_service_message(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on("/search.json", Reply(401, {"error": "Invalid API key. Your API key should be here: ..."}))
    with pytest.raises(ServiceError, match=r"HTTP 401: Invalid API key") as caught:
        client(fake_api, sleeps).search("q", "l", max_jobs=10)
    assert not isinstance(caught.value, TransientServiceError)
    assert len(fake_api.calls("/search.json")) == 1
    assert sleeps == []


def test_429_waits_as_retry_after_says(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on(
        "/search.json",
        Reply(429, {"error": "Too many requests"}, headers={"Retry-After": "7"}),
        google_jobs_pages(job_items(3)),
    )
    result = client(fake_api, sleeps).search("q", "l", max_jobs=10)
    assert len(result.items) == 3
    assert sleeps == [7.0]


def test_retry_after_as_http_date_and_cap(fake_api: FakeApi, sleeps: list[float]) -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    fake_api.on(
        "/search.json",
        Reply(503, {"error": "busy"}, headers={"Retry-After": later}),
        Reply(429, {"error": "slow down"}, headers={"Retry-After": "86400"}),
        google_jobs_pages(job_items(1)),
    )
    client(fake_api, sleeps).search("q", "l", max_jobs=10)
    assert 25 <= sleeps[0] <= 30
    assert sleeps[1] == 60.0  # capped at RetryPolicy.max_delay_s


def test_500_then_success_backs_off_exponentially(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on(
        "/search.json",
        Reply(500, {"error": "oops"}),
        Reply(502, raw=b"<html>bad gateway</html>"),
        google_jobs_pages(job_items(2)),
    )
    result = client(fake_api, sleeps).search("q", "l", max_jobs=10)
    assert len(result.items) == 2
    assert len(sleeps) == 2
    assert 0.5 <= sleeps[0] <= 1.0
    assert 1.0 <= sleeps[1] <= 2.0


def test_exhausted_retries_raise_transient(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on("/search.json", Reply(500, {"error": "down for maintenance"}))
    with pytest.raises(TransientServiceError, match=r"SerpAPI still failing after 4 attempts: HTTP 500"):
        client(fake_api, sleeps).search("q", "l", max_jobs=10)
    assert len(fake_api.calls("/search.json")) == 4
    assert len(sleeps) == 3


def test_timeout_is_retried_then_reported(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on("/search.json", Reply(200, {"jobs_results": []}, delay_s=0.4))
    started = time.monotonic()
    with pytest.raises(TransientServiceError, match=r"no answer within 0.15 s"):
        client(fake_api, sleeps, timeout_s=0.15, max_retries=1).search("q", "l", max_jobs=10)
    assert time.monotonic() - started < 1.0
    assert len(sleeps) == 1


def test_malformed_json_names_the_service(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on("/search.json", Reply(200, raw=b'{"jobs_results": [ {"title": '))
    with pytest.raises(ServiceError, match=r"SerpAPI answered HTTP 200 with malformed JSON"):
        client(fake_api, sleeps).search("q", "l", max_jobs=10)


def test_health_uses_the_account_api(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on("/account.json", Reply(200, {"account_email": "a@b.c", "total_searches_left": 97}))
    client(fake_api, sleeps).health()
    assert fake_api.calls("/account.json")[0].query == {"api_key": KEY}
    assert fake_api.calls("/search.json") == []


def test_health_fails_without_searches_left_or_with_a_bad_key(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on(
        "/account.json", Reply(200, {"total_searches_left": 0}), Reply(401, {"error": "Invalid API key."})
    )
    with pytest.raises(ServiceError, match="no searches left"):
        client(fake_api, sleeps).health()
    with pytest.raises(ServiceError, match="HTTP 401: Invalid API key"):
        client(fake_api, sleeps).health()


def test_key_never_in_logs_errors_or_repr(
    fake_api: FakeApi, sleeps: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    # A hostile answer that echoes the key back must not carry it into our messages either.
    fake_api.on(
        "/search.json",
        Reply(500, {"error": f"backend failed for key {KEY}"}),
        Reply(403, {"error": f"key {KEY} is suspended"}),
    )
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")
    serp = client(fake_api, sleeps)
    with pytest.raises(ServiceError) as caught:
        serp.search("q", "l", max_jobs=10)
    texts = [str(caught.value), repr(serp), caplog.text, *(r.getMessage() for r in caplog.records)]
    assert any("api_key=***" in t for t in texts), "httpx request lines should be logged, masked"
    assert all(KEY not in t for t in texts)
    assert "***" in str(caught.value)


def test_missing_key_is_a_clear_error() -> None:
    with pytest.raises(ServiceError, match="needs an API key"):
        SerpApiClient("")


def test_retry_after_parsing() -> None:
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("12", lambda: now) == 12.0
    assert retry_after_seconds("Thu, 01 Jan 2026 12:00:45 GMT", lambda: now) == 45.0
    assert retry_after_seconds("Thu, 01 Jan 2026 11:00:00 GMT", lambda: now) == 0.0
    assert retry_after_seconds("soon", lambda: now) is None
    assert retry_after_seconds(None) is None
