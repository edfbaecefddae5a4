"""Policy over every DAG file in ``dags/``: it imports cleanly, does no I/O at import time, and
carries what operating it needs (owner, tags, retries, a failure callback, known pools)."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

from myjob.airflow.defaults import OWNER
from myjob.config import Pools

REPO = Path(__file__).resolve().parents[2]
DAG_FILES = sorted(p for p in (REPO / "dags").glob("*.py") if not p.name.startswith("_"))
KNOWN_POOLS = {*Pools.ALL, "default_pool"}


def _forbid(what: str) -> Any:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError(f"a DAG file did {what} at import time")

    return refuse


@pytest.fixture(scope="module")
def dagbag() -> Any:
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(REPO / "dags"), known_pools=KNOWN_POOLS)


def test_there_are_dag_files() -> None:
    assert DAG_FILES, "no DAG files found"


@pytest.mark.parametrize("path", DAG_FILES, ids=lambda p: p.name)
def test_dag_file_imports_without_warnings_or_io(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from airflow.sdk import BaseHook, Variable

    from myjob.store import sql

    monkeypatch.setattr(socket.socket, "connect", _forbid("network I/O"))
    monkeypatch.setattr(sql, "create_store_engine", _forbid("a store connection"))
    monkeypatch.setattr(Variable, "get", _forbid("a Variable read"))
    monkeypatch.setattr(BaseHook, "get_connection", _forbid("a connection lookup"))
    spec = importlib.util.spec_from_file_location(f"dagfile_{path.stem}", path)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any DeprecationWarning (Airflow's included) fails the import
        spec.loader.exec_module(module)


@pytest.mark.parametrize("path", DAG_FILES, ids=lambda p: p.name)
def test_dag_file_is_named_after_its_dag(path: Path, dagbag: Any) -> None:
    assert not dagbag.import_errors, dagbag.import_errors
    assert path.stem in dagbag.dag_ids, f"{path.name} defines {dagbag.dag_ids}, none named {path.stem}"


def test_every_dag_follows_the_policy(dagbag: Any) -> None:
    assert not dagbag.import_errors, dagbag.import_errors
    problems = []
    for dag_id, dag in dagbag.dags.items():
        if not dag.tags:
            problems.append(f"{dag_id}: no tags")
        if dag.catchup:
            problems.append(f"{dag_id}: catchup is on")
        for task in dag.tasks:
            where = f"{dag_id}.{task.task_id}"
            if task.owner != OWNER:
                problems.append(f"{where}: owner {task.owner!r}, expected {OWNER!r}")
            if task.retries is None:
                problems.append(f"{where}: retries not set")
            if not task.on_failure_callback:
                problems.append(f"{where}: no on_failure_callback")
            if task.pool not in KNOWN_POOLS:
                problems.append(f"{where}: unknown pool {task.pool!r}")
    assert not problems, "\n".join(problems)


def test_ruff_airflow_rules_pass_on_the_repo() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "AIR", "--no-cache", str(REPO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
