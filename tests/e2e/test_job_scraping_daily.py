"""job_scraping_daily end to end with `airflow dags test` on the embedded defaults."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from myjob.config import get_settings
from myjob.store import open_store
from myjob.store.tables import jobs, scrape_batches
from tests.conftest import REPO, run_dag

pytestmark = pytest.mark.e2e
LOGICAL_DATE = "2026-12-01T10:00:00+00:00"


def snapshot_jobs() -> dict[str, tuple]:
    store = open_store(get_settings().resolved_store_url)
    with store.begin() as connection:
        rows = connection.execute(select(jobs)).mappings().all()
    store.dispose()
    return {row["job_id"]: tuple(row.values()) for row in rows}


def test_scraping_run_stores_jobs_and_rerun_changes_nothing(
    airflow_home: dict[str, str], myjob_home: Path
) -> None:
    run_dag("job_scraping_daily", LOGICAL_DATE, airflow_home)
    first = snapshot_jobs()
    assert len(first) > 50, "the replay corpus should yield a real number of jobs"

    summaries = list((myjob_home / "outbox").glob("summary--*.json"))
    assert len(summaries) == 1
    body = json.loads(summaries[0].read_text())["body"]
    for figure in (
        "Postings fetched",
        "New jobs",
        "Duplicates merged",
        "Companies enriched",
        "Failed batches",
    ):
        assert figure in body
    store = open_store(get_settings().resolved_store_url)
    with store.begin() as connection:
        statuses = set(connection.execute(select(scrape_batches.c.status)).scalars())
    assert statuses == {"succeeded"}

    run_dag("job_scraping_daily", LOGICAL_DATE, airflow_home)
    assert snapshot_jobs() == first, "the second run of the same logical date changed stored jobs"
    metrics = (myjob_home / "metrics" / "metrics.jsonl").read_text().splitlines()
    assert any('"myjob.scraping.new_jobs"' in line for line in metrics)


def test_failed_searches_are_reported_and_the_rest_is_stored(
    airflow_home: dict[str, str], myjob_home: Path, tmp_path: Path
) -> None:
    """One search's recorded page is corrupt: that mapped task fails, the others' jobs are stored,
    the summary names the failure, and the run ends failed so that alerting sees it."""
    data_dir = tmp_path / "data"
    shutil.copytree(REPO / "data", data_dir, ignore=shutil.ignore_patterns("ms-skills-extractor", "onet*"))
    index = json.loads((data_dir / "serpapi_replay" / "index.json").read_text())
    broken = next(s for s in index["searches"] if s["query"] == "data engineer" and s["pages"])
    (data_dir / "serpapi_replay" / broken["pages"][0]).write_text("{ this is not json")
    env = airflow_home | {"MYJOB_DATA_DIR": str(data_dir), "MYJOB_TASK_RETRIES": "0"}

    output = run_dag("job_scraping_daily", LOGICAL_DATE, env, expect_success=False)

    assert snapshot_jobs(), "the searches that worked must still be stored"
    summary = json.loads(next((myjob_home / "outbox").glob("summary--*.json")).read_text())["body"]
    assert "Failed batches: 1" in summary
    assert "search batches failed" in output
