"""The Companies API client against a local server that answers like it, and the offline directory."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from fake_api import FakeApi, Reply

from myjob.config import REPO_ROOT
from myjob.errors import ServiceError, TransientServiceError
from myjob.services.companies import CompaniesApiClient, CompanyDirectory, CompanyInfo

TOKEN = "tca-secret-0a1b2c3d"
MICROSOFT = {
    "id": 42,
    "about": {"name": "Microsoft", "industries": ["software", "cloud"], "totalEmployees": "over-10k"},
    "domain": {"domain": "microsoft.com"},
    "descriptions": {"primary": "Technology company."},
    "locations": {
        "headquarters": {
            "city": {"name": "Redmond"},
            "state": {"name": "Washington"},
            "country": {"name": "United States"},
        }
    },
}
LOOKALIKE = {"about": {"name": "Microsoft Store Solutions"}, "domain": {"domain": "ms-store.example"}}


def client(api: FakeApi, sleeps: list[float], **kwargs: object) -> CompaniesApiClient:
    options: dict[str, object] = {"timeout_s": 2.0, "max_retries": 2}
    options.update(kwargs)
    return CompaniesApiClient(TOKEN, base_url=api.url, sleep=sleeps.append, **options)  # type: ignore[arg-type]


def test_search_by_name_with_basic_token(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on(
        "/v2/companies/by-name", Reply(200, {"companies": [LOOKALIKE, MICROSOFT], "meta": {"total": 2}})
    )
    info = client(fake_api, sleeps).lookup("MICROSOFT CORPORATION")
    assert info == CompanyInfo(
        name="Microsoft",
        domain="microsoft.com",
        industry="software",
        size="over-10k",
        headquarters="Redmond, Washington, United States",
        description="Technology company.",
        source="companies_api",
    )
    request = fake_api.calls("/v2/companies/by-name")[0]
    assert request.headers["Authorization"] == f"Basic {TOKEN}"
    assert request.query["name"] == "MICROSOFT CORPORATION"


def test_only_an_exact_normalized_match_counts(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on("/v2/companies/by-name", Reply(200, {"companies": [LOOKALIKE]}))
    assert client(fake_api, sleeps).lookup("Microsoft") is None


def test_401_and_403_fail_at_once(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on(
        "/v2/companies/by-name",
        Reply(401, {"message": "Invalid API token."}),
        Reply(403, {"message": "noCreditsRemaining"}),
    )
    with pytest.raises(
        ServiceError, match=r"The Companies API refused the request: HTTP 401: Invalid API token"
    ):
        client(fake_api, sleeps).lookup("Microsoft")
    with pytest.raises(ServiceError, match="HTTP 403: noCreditsRemaining"):
        client(fake_api, sleeps).lookup("Microsoft")
    assert sleeps == []


def test_429_with_retry_after_then_success(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on(
        "/v2/companies/by-name",
        Reply(429, {"message": "Rate limit"}, headers={"Retry-After": "3"}),
        Reply(200, {"companies": [MICROSOFT]}),
    )
    assert client(fake_api, sleeps).lookup("Microsoft") is not None
    assert sleeps == [3.0]


def test_500_then_success_and_exhaustion(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on(
        "/v2/companies/by-name", Reply(500, {"message": "boom"}), Reply(200, {"companies": [MICROSOFT]})
    )
    assert client(fake_api, sleeps).lookup("Microsoft") is not None
    fake_api.scripts.clear()
    fake_api.on("/v2/companies/by-name", Reply(503, {"message": "maintenance"}))
    with pytest.raises(TransientServiceError, match="after 3 attempts: HTTP 503: maintenance"):
        client(fake_api, sleeps).lookup("Microsoft")


def test_timeout(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on("/v2/companies/by-name", Reply(200, {"companies": []}, delay_s=0.4))
    with pytest.raises(TransientServiceError, match=r"no answer within 0\.15 s"):
        client(fake_api, sleeps, timeout_s=0.15, max_retries=1).lookup("Microsoft")


def test_malformed_json_and_wrong_shape(fake_api: FakeApi, sleeps: list[float]) -> None:
    fake_api.on("/v2/companies/by-name", Reply(200, raw=b"<html>not json</html>"), Reply(200, {"data": 1}))
    with pytest.raises(ServiceError, match="The Companies API answered HTTP 200 with malformed JSON"):
        client(fake_api, sleeps).lookup("Microsoft")
    with pytest.raises(ServiceError, match="no companies list"):
        client(fake_api, sleeps).lookup("Microsoft")


def test_token_never_in_logs_errors_or_repr(
    fake_api: FakeApi, sleeps: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    fake_api.on("/v2/companies/by-name", Reply(502, {"message": f"upstream rejected {TOKEN}"}))
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")
    companies = client(fake_api, sleeps)
    with pytest.raises(TransientServiceError) as caught:
        companies.lookup("Microsoft")
    texts = [str(caught.value), repr(companies), caplog.text]
    assert all(TOKEN not in t for t in texts)


def test_directory_resolves_every_company_in_the_replay_corpus() -> None:
    directory = CompanyDirectory(REPO_ROOT / "data" / "companies" / "directory.json")
    names = set()
    for page in (REPO_ROOT / "data" / "serpapi_replay" / "pages").rglob("*.json"):
        names |= {item["company_name"] for item in json.loads(page.read_text()).get("jobs_results", [])}
    assert {"Microsoft", "TEKsystems", "Robert Half", "HCLTech", "Prodapt"} <= names
    unknown = {n for n in names if directory.lookup(n) is None}
    assert unknown == set()
    info = directory.lookup(" microsoft ")
    assert info is not None
    assert info.source == "directory"
    assert info.headquarters.startswith("Redmond")
    assert directory.lookup("HCL Technologies Limited").name == "HCLTech"  # by alias
    assert directory.lookup("Contoso") is None


def test_unreadable_directory_is_a_service_error(tmp_path: Path) -> None:
    bad = tmp_path / "directory.json"
    bad.write_text('{"companies": [{"domain": "x.com"}]}')
    with pytest.raises(ServiceError, match="unreadable"):
        CompanyDirectory(bad).lookup("x")
