"""The hooks build the real clients from Airflow connections given as AIRFLOW_CONN_* variables."""

from __future__ import annotations

import json
import logging

import pytest
from fake_api import FakeApi, Reply, google_jobs_pages, job_items

from myjob.airflow.hooks.companies import CompaniesApiHook
from myjob.airflow.hooks.serpapi import SerpApiHook
from myjob.config import Settings
from myjob.errors import TransientServiceError
from myjob.services.companies import CompaniesApiClient
from myjob.services.serpapi import SerpApiClient

KEY = "hook-key-5e6f7a8b"


def test_serpapi_hook_from_a_json_connection(fake_api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = {
        "conn_type": "http",
        "host": "127.0.0.1",
        "port": fake_api.port,
        "schema": "http",
        "password": KEY,
    }
    monkeypatch.setenv("AIRFLOW_CONN_SERPAPI", json.dumps(conn))
    fake_api.on("/search.json", google_jobs_pages(job_items(12)))
    fake_api.on("/account.json", Reply(200, {"total_searches_left": 5}))
    hook = SerpApiHook()
    client = hook.get_conn()
    assert isinstance(client, SerpApiClient)
    assert hook.get_conn() is client  # built once
    client.health()
    assert len(client.search("software engineer", "Seattle, Washington", 11).items) == 11
    assert fake_api.calls("/search.json")[0].query["api_key"] == KEY


def test_serpapi_hook_from_a_uri_with_the_key_in_extra(
    fake_api: FakeApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIRFLOW_CONN_SERPAPI", f"http://127.0.0.1:{fake_api.port}/http?api_key={KEY}")
    fake_api.on("/account.json", Reply(200, {"total_searches_left": 5}))
    SerpApiHook().get_conn().health()
    assert fake_api.calls("/account.json")[0].query == {"api_key": KEY}


def test_hooks_take_timeouts_and_retries_from_settings(
    fake_api: FakeApi, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("AIRFLOW_CONN_SERPAPI", f"http://:{KEY}@127.0.0.1:{fake_api.port}/http")
    monkeypatch.setenv("MYJOB_HTTP_TIMEOUT_S", "0.15")
    monkeypatch.setenv("MYJOB_HTTP_MAX_RETRIES", "0")
    fake_api.on("/search.json", Reply(200, {"jobs_results": []}, delay_s=0.4))
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")
    with pytest.raises(TransientServiceError, match=r"after 1 attempts: no answer within 0\.15 s") as caught:
        SerpApiHook().get_conn().search("q", "l", 10)
    assert KEY not in str(caught.value)
    assert KEY not in caplog.text


def test_default_endpoint_is_the_real_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW_CONN_SERPAPI", json.dumps({"conn_type": "http", "password": KEY}))
    monkeypatch.setenv("AIRFLOW_CONN_COMPANIES_API", json.dumps({"conn_type": "http", "password": KEY}))
    settings = Settings(http_timeout_s=5, http_max_retries=1)
    assert "https://serpapi.com" in repr(SerpApiHook(settings=settings).get_conn())
    assert "https://api.thecompaniesapi.com" in repr(CompaniesApiHook(settings=settings).get_conn())


def test_companies_hook(fake_api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = {"conn_type": "http", "host": fake_api.url, "extra": {"api_token": KEY}}
    monkeypatch.setenv("AIRFLOW_CONN_COMPANIES_API", json.dumps(conn))
    fake_api.on("/v2/companies/by-name", Reply(200, {"companies": [{"about": {"name": "Contoso"}}]}))
    client = CompaniesApiHook().get_conn()
    assert isinstance(client, CompaniesApiClient)
    info = client.lookup("Contoso Ltd")
    assert info is not None
    assert info.name == "Contoso"
    assert fake_api.calls("/v2/companies/by-name")[0].headers["Authorization"] == f"Basic {KEY}"
    assert KEY not in repr(client)
