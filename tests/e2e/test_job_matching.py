"""job_matching_batch end to end with `airflow dags test`, after the scraping and resume pipelines.

The judge talks to a local chat-completions server through the ``openrouter`` connection, so the
test sees every LLM call: the first run pays for at most judge_top_n calls per user, a rerun of
the same logical date changes no stored match and makes no call at all. Candidates and scored rows
go through the store's staging tables; the XCom values the tasks leave in Airflow's metadata DB
stay small.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from myjob.config import get_settings
from myjob.matching.pipeline import DAG_ID
from myjob.resumes.intake import upload_resume
from myjob.store import open_store
from myjob.store.runs import RunSummaryRepository
from myjob.store.tables import llm_usage, matches, staged_candidates, staged_matches
from tests.conftest import REPO, run_dag
from tests.services.fake_chat import completion, fake_chat_server
from tests.unit.matching.conftest import add_jobs, add_user, make_job

pytestmark = pytest.mark.e2e
LOGICAL_DATE = "2026-12-01T10:00:00+00:00"
VERDICT = json.dumps(
    {"score": 70, "reasons": ["relevant experience"], "concerns": [], "suspicious_content": False}
)


def _rows(table) -> list[dict]:
    store = open_store(get_settings().resolved_store_url)
    with store.begin() as connection:
        rows = [dict(r) for r in connection.execute(select(table)).mappings()]
    store.dispose()
    return rows


def _xcom_sizes(env: dict[str, str]) -> dict[str, int]:
    """Bytes of each of the matching DAG's XCom values, by task (and map index), in the metadata DB."""
    with sqlite3.connect(Path(env["AIRFLOW_HOME"]) / "airflow.db") as db:
        rows = db.execute(
            "SELECT task_id, map_index, length(value) FROM xcom WHERE dag_id = ?", (DAG_ID,)
        ).fetchall()
    return {f"{task_id}[{map_index}]": size for task_id, map_index, size in rows}


def _jobs_and_resumes(airflow_home: dict[str, str]) -> None:
    settings = get_settings()
    store = open_store(settings.resolved_store_url)
    for user, name in (("alex", "cv-example.md"), ("sam", "dual-track-engineer-instructor-cv.md")):
        upload_resume(REPO / "data/samples/resumes" / name, user, settings, store)
    store.dispose()
    run_dag("job_scraping_daily", LOGICAL_DATE, airflow_home)
    run_dag("resume_processing", LOGICAL_DATE, airflow_home)


def test_matching_after_scraping_and_resumes_and_a_rerun_changes_nothing(
    airflow_home: dict[str, str], myjob_home: Path
) -> None:
    settings = get_settings()
    _jobs_and_resumes(airflow_home)

    with fake_chat_server() as server:
        server.script(completion(VERDICT, cost=0.0005))
        connection = {"conn_type": "http", "password": "sk-test", "extra": {"base_url": server.base_url}}
        env = airflow_home | {"AIRFLOW_CONN_OPENROUTER": json.dumps(connection)}
        run_dag("job_matching_batch", LOGICAL_DATE, env)
        first = {(m["user_id"], m["job_id"]): m for m in _rows(matches)}
        calls = len(server.requests)
        users = {user for user, _ in first}
        assert users == {"alex", "sam"}
        assert 0 < calls <= settings.judge_top_n * len(users)
        judged = [m for m in first.values() if "judge" in m["agent_scores"]]
        assert len(judged) == calls
        assert all(
            set(m["agent_scores"]) >= {"skills", "experience", "location", "semantic"} for m in first.values()
        )
        usage = _rows(llm_usage)
        assert len(usage) == calls
        assert all(
            u["user_id"] not in {"alex", "sam"} and u["cost_usd"] == 0.0005 for u in usage
        )  # pseudonyms
        digests = list((myjob_home / "outbox").glob("digest--*.json"))
        assert _rows(staged_matches) == [], "store_matches moved and cleared the run's staged rows"
        assert _rows(staged_candidates) == [], "and the run's staged candidates"
        sizes = _xcom_sizes(env)
        assert sizes["generate_matching_pairs[-1]"] < 512, sizes  # batch descriptors, not candidates
        scorers = {task: size for task, size in sizes.items() if task.startswith("ai_score_matches")}
        assert scorers, sizes
        assert all(size < 2048 for size in scorers.values()), scorers
        assert all(size < 4096 for task, size in sizes.items() if task.startswith(("aggregate", "store"))), (
            sizes
        )

        run_dag("job_matching_batch", LOGICAL_DATE, env)
        assert len(server.requests) == calls, "the rerun called the LLM again"
    assert {(m["user_id"], m["job_id"]): m for m in _rows(matches)} == first
    assert sorted((myjob_home / "outbox").glob("digest--*.json")) == sorted(digests)


def test_failed_scorers_are_named_and_their_users_wait_for_the_next_run(airflow_home: dict[str, str]) -> None:
    """Every mapped scorer fails (weights that break the rules): aggregation still runs, records the
    failed batches, stores nothing, and keeps no watermark, so the next run starts over. Users and
    jobs are written straight to the store: this test is about the DAG, not the other pipelines."""
    store = open_store(get_settings().resolved_store_url)
    add_user(store, "ana", "Senior Python engineer: Python, SQL.", skills=["python", "sql"])
    add_jobs(store, make_job("py1"), make_job("py2", title="Python Developer"))
    store.dispose()
    env = airflow_home | {"MYJOB_TASK_RETRIES": "0", "MYJOB_MATCH_WEIGHTS": json.dumps({"skills": 1.0})}
    run_dag("job_matching_batch", LOGICAL_DATE, env, expect_success=False)
    assert _rows(matches) == []
    store = open_store(get_settings().resolved_store_url)
    summary = RunSummaryRepository(store).last(DAG_ID)
    store.dispose()
    assert summary is not None
    assert summary["complete"] is False
    assert summary["failed_batches"]
    assert summary["jobs_watermark"] is None
