"""SerpAPIOperator.execute() against the local fake SerpAPI, with the connection from the environment."""

from __future__ import annotations

import json

import pytest
from fake_api import FakeApi, Reply, google_jobs_pages, job_items

from myjob.airflow.operators.serpapi import SerpAPIOperator
from myjob.errors import ServiceError


def connect(monkeypatch: pytest.MonkeyPatch, api: FakeApi, conn_id: str = "serpapi") -> None:
    conn = {
        "conn_type": "http",
        "host": "127.0.0.1",
        "port": api.port,
        "schema": "http",
        "password": "op-key",
    }
    monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", json.dumps(conn))


def test_execute_returns_the_items(fake_api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> None:
    connect(monkeypatch, fake_api)
    fake_api.on("/search.json", google_jobs_pages(job_items(30)))
    operator = SerpAPIOperator(
        task_id="search", query="data engineer", location="Austin, Texas", max_results=15
    )
    items = operator.execute(context={})
    assert [i["job_id"] for i in items] == [f"job-{n}" for n in range(15)]
    assert len(fake_api.calls("/search.json")) == 2


def test_execute_with_another_connection(fake_api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> None:
    connect(monkeypatch, fake_api, "serpapi_backup")
    fake_api.on("/search.json", Reply(200, {"error": "Unsupported `location` - Atlantis."}))
    operator = SerpAPIOperator(
        task_id="search", query="q", location="Atlantis", serpapi_conn_id="serpapi_backup"
    )
    with pytest.raises(ServiceError, match="Unsupported `location`"):
        operator.execute(context={})


def test_construction_reads_no_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIRFLOW_CONN_SERPAPI", raising=False)
    operator = SerpAPIOperator(task_id="search", query="{{ params.q }}", location="United States")
    assert operator.template_fields == ("query", "location")
    assert operator.max_results == 50
