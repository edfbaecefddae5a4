"""Shared fixtures: a throwaway MyJob home for every test, and a prepared Airflow home for e2e runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DAGS_FOLDER = REPO / "dags"
POSTGRES_ADMIN_URL = os.environ.get(
    "MYJOB_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
AIRFLOW_BIN = Path(sys.executable).with_name("airflow")


@pytest.fixture(autouse=True)
def myjob_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own data folder and SQLite store, so tests never see each other's rows."""
    home = tmp_path / "myjob-home"
    monkeypatch.setenv("MYJOB_HOME", str(home))
    for name in ("MYJOB_STORE_URL", "MYJOB_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    sqlalchemy = pytest.importorskip("sqlalchemy")
    name = f"myjob_test_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    except sqlalchemy.exc.OperationalError as error:
        pytest.fail(f"PostgreSQL at {POSTGRES_ADMIN_URL} is not reachable: {error}")
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def airflow_env(airflow_home: Path, myjob_home: Path, **extra: str) -> dict[str, str]:
    """Environment for an `airflow` child process on a private Airflow home and MyJob home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW_", "AIRFLOW__", "MYJOB_"))}
    env.update(
        AIRFLOW_HOME=str(airflow_home),
        AIRFLOW__CORE__DAGS_FOLDER=str(DAGS_FOLDER),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__LOGGING__LOGGING_LEVEL="INFO",
        MYJOB_HOME=str(myjob_home),
        PATH=f"{AIRFLOW_BIN.parent}{os.pathsep}{env.get('PATH', '')}",
    )
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def migrated_airflow_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated Airflow metadata DB per session; each e2e test gets a copy of it."""
    home = tmp_path_factory.mktemp("airflow-template")
    env = airflow_env(home, home / "myjob")
    completed = subprocess.run(
        [str(AIRFLOW_BIN), "db", "migrate"], env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        pytest.fail(f"airflow db migrate failed:\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}")
    return home / "airflow.db"


@pytest.fixture
def airflow_home(tmp_path: Path, migrated_airflow_db: Path, myjob_home: Path) -> dict[str, str]:
    """Environment of a private, migrated Airflow home whose DAG folder is the repo's ``dags/``."""
    home = tmp_path / "airflow-home"
    home.mkdir()
    shutil.copy(migrated_airflow_db, home / "airflow.db")
    return airflow_env(home, myjob_home)


def run_dag(dag_id: str, logical_date: str, env: dict[str, str], *, expect_success: bool = True) -> str:
    """``airflow dags test`` in a child process; its output, or a test failure showing the log's end."""
    completed = subprocess.run(
        [str(AIRFLOW_BIN), "dags", "test", dag_id, logical_date],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    output = completed.stdout + completed.stderr
    succeeded = completed.returncode == 0 and "state=failed" not in output.replace(" ", "")
    if succeeded != expect_success:
        pytest.fail(f"`airflow dags test {dag_id}` exit {completed.returncode}; log end:\n{output[-6000:]}")
    return output
