"""job_scraping_daily, unchanged, on a CeleryExecutor deployment: the path operators scale out on.

The deployment is the one deploy/celery/airflow-celery.env describes, on loopback: PostgreSQL
metadata DB and Celery result backend, Redis broker, API server (the workers' execution API),
scheduler, DAG processor and one Celery worker, with the MyJob store on PostgreSQL through the
``myjob_store`` connection. The test triggers a run the way an operator does and checks that it
succeeded, that the jobs landed in PostgreSQL, and that the tasks ran on the Celery worker.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy import func, select

from myjob.config import DEFAULT_LOCATIONS
from myjob.store.tables import jobs
from tests.conftest import REPO
from tests.e2e.celery_cluster import TEST_TUNING, CeleryCluster, celery_cluster, deployment_env

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]

DAG_ID = "job_scraping_daily"
LOGICAL_DATE = "2026-12-01T10:00:00+00:00"
RUN_ID = "celery_e2e"
RUN_TIMEOUT_S = 360
ENV_FILE = REPO / "deploy" / "celery" / "airflow-celery.env"
FINISHED = {"success", "failed"}
IN_FLIGHT = {"PENDING", "RECEIVED", "STARTED", "RETRY"}
WORKER_RAN_SCRAPE = re.compile(
    r"Executing workload in Celery: .*?"
    rf"log_path='dag_id={DAG_ID}/run_id={RUN_ID}/task_id=scrape_jobs/map_index=(\d+)/"
)


def wait_for_dag(metadata: sqlalchemy.Engine, cluster: CeleryCluster, timeout_s: float = 120) -> None:
    """The DAG processor has parsed the DAG into the metadata DB, so it can be triggered."""
    query = sqlalchemy.text("SELECT count(*) FROM serialized_dag WHERE dag_id = :dag_id")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        cluster.check_alive()
        with metadata.connect() as connection:
            if connection.execute(query, {"dag_id": DAG_ID}).scalar_one():
                return
        time.sleep(1)
    pytest.fail(f"{DAG_ID} was not parsed in {timeout_s}s:\n{cluster.log('dag-processor')[-4000:]}")


def wait_for_run(metadata: sqlalchemy.Engine, cluster: CeleryCluster) -> str:
    """The run's final state, read from the metadata DB the scheduler writes."""
    query = sqlalchemy.text("SELECT state FROM dag_run WHERE dag_id = :dag_id AND run_id = :run_id")
    deadline = time.monotonic() + RUN_TIMEOUT_S
    state = None
    while time.monotonic() < deadline:
        cluster.check_alive()
        with metadata.connect() as connection:
            state = connection.execute(query, {"dag_id": DAG_ID, "run_id": RUN_ID}).scalar_one_or_none()
        if state in FINISHED:
            return str(state)
        time.sleep(2)
    pytest.fail(
        f"run still {state} after {RUN_TIMEOUT_S}s\n--- scheduler:\n{cluster.log('scheduler')[-3000:]}"
        f"\n--- worker:\n{cluster.log('celery-worker')[-3000:]}"
    )


def task_instances(metadata: sqlalchemy.Engine) -> list[sqlalchemy.RowMapping]:
    query = sqlalchemy.text(
        "SELECT task_id, map_index, state, queue, hostname FROM task_instance"
        " WHERE dag_id = :dag_id AND run_id = :run_id"
    )
    with metadata.connect() as connection:
        return list(connection.execute(query, {"dag_id": DAG_ID, "run_id": RUN_ID}).mappings())


def stored_job_count(store_url: str) -> int:
    engine = sqlalchemy.create_engine(store_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(jobs)).scalar_one())
    finally:
        engine.dispose()


def celery_results(metadata: sqlalchemy.Engine, settle_s: float = 30.0) -> Counter[str]:
    """Task states the worker wrote to the Celery result backend (a table in the metadata DB).

    The worker records a task's final state a moment after Airflow sees the task finish, so the
    last task of a run may still read STARTED when the run is already done: wait, boundedly,
    until no state is still in flight.
    """
    deadline = time.monotonic() + settle_s
    while True:
        with metadata.connect() as connection:
            rows = connection.execute(sqlalchemy.text("SELECT status FROM celery_taskmeta")).scalars()
            results = Counter(rows)
        if not IN_FLIGHT.intersection(results) or time.monotonic() > deadline:
            return results
        time.sleep(0.5)


def test_scraping_dag_runs_unchanged_on_celery(tmp_path: Path) -> None:
    with celery_cluster(tmp_path) as cluster:
        metadata = sqlalchemy.create_engine(cluster.metadata_url)
        try:
            cluster.wait_for_api()
            wait_for_dag(metadata, cluster)
            cluster.airflow(
                ["dags", "unpause", DAG_ID],
                ["dags", "trigger", DAG_ID, "--logical-date", LOGICAL_DATE, "--run-id", RUN_ID],
            )

            state = wait_for_run(metadata, cluster)
            instances = task_instances(metadata)
            results = celery_results(metadata)
        finally:
            metadata.dispose()
        worker_log = cluster.log("celery-worker")
        store_url = cluster.env["AIRFLOW_CONN_MYJOB_STORE"]
        queue = cluster.env["AIRFLOW__OPERATORS__DEFAULT_QUEUE"]
        jobs_stored = stored_job_count(store_url)

    states = {(ti["task_id"], ti["map_index"]): ti["state"] for ti in instances}
    assert state == "success", f"run ended {state}; task states: {states}"
    assert set(states.values()) == {"success"}, states
    assert jobs_stored > 50, "the replay corpus should yield a real number of jobs in PostgreSQL"

    scrapes = [ti for ti in instances if ti["task_id"] == "scrape_jobs"]
    searches = len(json.loads(TEST_TUNING["MYJOB_QUERIES"])) * len(DEFAULT_LOCATIONS)
    assert len(scrapes) == searches, "one mapped search per query and location, on the worker's settings"
    assert {ti["queue"] for ti in instances} == {queue}, "every task went through the session's queue"
    ran_on_worker = {int(index) for index in WORKER_RAN_SCRAPE.findall(worker_log)}
    assert ran_on_worker == {ti["map_index"] for ti in scrapes}, "each mapped search ran on the Celery worker"
    assert set(results) == {"SUCCESS"}, f"result backend: {dict(results)}"
    assert results["SUCCESS"] >= len(instances), "every task instance left a Celery result"


def test_env_file_documents_exactly_the_settings_the_test_deploys(tmp_path: Path) -> None:
    """Keeps deploy/celery/airflow-celery.env honest: it names what the deployment above runs on."""
    documented = {
        line.split("=", 1)[0]
        for line in ENV_FILE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    env = deployment_env(
        tmp_path / "airflow",
        tmp_path / "myjob",
        metadata_url="postgresql://airflow@db/airflow",
        store_url="postgresql://myjob@db/myjob",
        redis_db=0,
        api_port=8080,
    )
    deployed = {name for name in env if name.startswith(("AIRFLOW__", "AIRFLOW_CONN_", "MYJOB_"))}
    assert documented == deployed - TEST_TUNING.keys()
