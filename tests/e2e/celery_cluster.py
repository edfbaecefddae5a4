"""A small CeleryExecutor deployment of Airflow on loopback, started and stopped by the Celery e2e test.

It runs the processes an operator runs on separate hosts (API server, scheduler, DAG processor,
Celery worker) as child processes of the test, on throwaway PostgreSQL databases and a Redis
database reserved for the session, so that nothing it leaves behind can touch another run.
Every process gets its own process group, so stopping it also stops the children it forked
(the worker's pool and task supervisors, the API server's workers).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import redis
import sqlalchemy
from cryptography.fernet import Fernet

from tests.conftest import AIRFLOW_BIN, POSTGRES_ADMIN_URL, airflow_env

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_DBS = range(15, 9, -1)
"""Redis databases the test may take as its broker; others (0 above all) belong to other tests."""
REDIS_LOCK_KEY = "myjob:celery-e2e:owner"
REDIS_LOCK_TTL_S = 900

CAPTURE: dict[str, Any] = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True}

SERVER_COMMANDS: dict[str, list[str]] = {
    "api-server": ["api-server", "--host", "127.0.0.1", "--workers", "1"],
    "scheduler": ["scheduler", "--skip-serve-logs"],
    "dag-processor": ["dag-processor"],
    # The worker's log server would listen on every interface; task logs are read from the shared
    # AIRFLOW_HOME here, so it is not started.
    "celery-worker": ["celery", "worker", "--concurrency", "2", "--skip-serve-logs", "--without-gossip"],
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def throwaway_database(prefix: str) -> Iterator[str]:
    """A new PostgreSQL database on the local server; dropped on exit, even with sessions still open."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def reserved_redis_db() -> Iterator[int]:
    """A Redis database number no other run of this test is using, emptied before and after use.

    The claim is a key with a TTL inside the database itself, so two sessions running at the same
    time take different databases, and a claim left by a killed session expires on its own.
    """
    owner = uuid.uuid4().hex
    for db in REDIS_DBS:
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=db, socket_timeout=5)
        if client.set(REDIS_LOCK_KEY, owner, nx=True, ex=REDIS_LOCK_TTL_S):
            break
        client.close()
    else:
        raise RuntimeError(f"every Redis database in {list(REDIS_DBS)} is claimed by another run")
    try:
        for key in client.scan_iter():
            if key != REDIS_LOCK_KEY.encode():
                client.delete(key)
        yield db
    finally:
        client.flushdb()
        client.close()


@dataclass
class CeleryCluster:
    """The running deployment: its environment, its processes and where each one logs."""

    env: dict[str, str]
    log_dir: Path
    api_url: str
    metadata_url: str
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def airflow(self, *commands: Sequence[str], timeout: float = 180) -> None:
        """Run ``airflow`` CLI commands side by side (so they must not depend on each other).

        Each one is a separate process that takes seconds to import Airflow; on 2 cores running
        them together still saves most of that.
        """
        children = [
            (command, subprocess.Popen([str(AIRFLOW_BIN), *command], env=self.env, **CAPTURE))
            for command in commands
        ]
        for command, child in children:
            output, _ = child.communicate(timeout=timeout)
            if child.returncode != 0:
                raise RuntimeError(
                    f"`airflow {' '.join(command)}` exit {child.returncode}:\n{output[-4000:]}"
                )

    def start(self, name: str) -> None:
        """Start one long-running component in its own process group, its output in ``<name>.log``."""
        with (self.log_dir / f"{name}.log").open("wb") as log:
            self.processes[name] = subprocess.Popen(
                [str(AIRFLOW_BIN), *SERVER_COMMANDS[name]],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def log(self, name: str) -> str:
        return (self.log_dir / f"{name}.log").read_text(errors="replace")

    def check_alive(self) -> None:
        """Fail early and clearly when a component has died, instead of waiting out a timeout."""
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise RuntimeError(
                    f"{name} exited with {process.returncode}; log end:\n{self.log(name)[-4000:]}"
                )

    def wait_for_api(self, timeout_s: float = 120) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self.check_alive()
            try:
                if httpx.get(f"{self.api_url}/api/v2/monitor/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(1)
        raise TimeoutError(f"API server not healthy after {timeout_s}s:\n{self.log('api-server')[-3000:]}")

    def stop(self, grace_s: float = 20) -> None:
        """SIGTERM every process group, SIGKILL what is left after the grace period."""
        for process in self.processes.values():
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        for process in self.processes.values():
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
        for process in self.processes.values():
            _signal_group(process, signal.SIGKILL)
            process.wait()


def _signal_group(process: subprocess.Popen[bytes], signum: signal.Signals) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


TEST_TUNING = {
    # Only manual runs: unpausing would otherwise also start the latest scheduled run, and
    # max_active_runs=1 would queue the test's run behind it.
    "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
    # The task supervisor can sleep up to this long after a task has already finished; with the
    # default 5 s that wait dominates short mapped tasks.
    "AIRFLOW__WORKERS__MIN_HEARTBEAT_INTERVAL": "1",
    # Parse the DAG folder once; the files do not change during the test.
    "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "600",
    # 3 of the 8 default queries: 15 mapped searches instead of 40 (each costs a task start-up on
    # 2 cores), and still hundreds of postings. It also shows MYJOB_* settings reaching the worker.
    "MYJOB_QUERIES": json.dumps(["software engineer", "data scientist", "product manager"]),
}
"""Settings that only make the test faster; an operator keeps Airflow's defaults."""


def deployment_env(
    airflow_home: Path, myjob_home: Path, *, metadata_url: str, store_url: str, redis_db: int, api_port: int
) -> dict[str, str]:
    """The settings of deploy/celery/airflow-celery.env, filled in for one loopback deployment."""
    api_url = f"http://127.0.0.1:{api_port}"
    return airflow_env(
        airflow_home,
        myjob_home,
        AIRFLOW__CORE__EXECUTOR="CeleryExecutor",
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=metadata_url.replace(
            "postgresql://", "postgresql+psycopg2://", 1
        ),
        AIRFLOW__CELERY__BROKER_URL=f"redis://{REDIS_HOST}:{REDIS_PORT}/{redis_db}",
        AIRFLOW__CELERY__RESULT_BACKEND=f"db+{metadata_url}",
        AIRFLOW__CELERY__WORKER_CONCURRENCY="2",
        AIRFLOW__OPERATORS__DEFAULT_QUEUE=f"myjob_e2e_{uuid.uuid4().hex[:8]}",
        AIRFLOW__API__HOST="127.0.0.1",
        AIRFLOW__API__PORT=str(api_port),
        AIRFLOW__API__BASE_URL=api_url,
        AIRFLOW__CORE__EXECUTION_API_SERVER_URL=f"{api_url}/execution/",
        AIRFLOW__API_AUTH__JWT_SECRET=secrets.token_urlsafe(32),
        AIRFLOW__API__SECRET_KEY=secrets.token_urlsafe(32),
        AIRFLOW__CORE__FERNET_KEY=Fernet.generate_key().decode(),
        AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION="True",
        AIRFLOW_CONN_MYJOB_STORE=store_url,
        MYJOB_TASK_RETRIES="0",
        **TEST_TUNING,
    )


@contextmanager
def celery_cluster(work_dir: Path) -> Iterator[CeleryCluster]:
    """Migrate, import the pools, start every component, and tear all of it down on exit."""
    with (
        throwaway_database("myjob_celery_meta") as metadata_url,
        throwaway_database("myjob_celery_store") as store_url,
        reserved_redis_db() as redis_db,
    ):
        api_port = free_port()
        env = deployment_env(
            work_dir / "airflow-home",
            work_dir / "myjob-home",
            metadata_url=metadata_url,
            store_url=store_url,
            redis_db=redis_db,
            api_port=api_port,
        )
        log_dir = work_dir / "logs"
        log_dir.mkdir(parents=True)
        cluster = CeleryCluster(env, log_dir, f"http://127.0.0.1:{api_port}", metadata_url)
        try:
            cluster.airflow(["db", "migrate"], timeout=300)
            for name in SERVER_COMMANDS:
                cluster.start(name)
            pools = subprocess.run(
                [str(AIRFLOW_BIN.with_name("myjob")), "pools", "--json"],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            pools_file = work_dir / "pools.json"
            pools_file.write_text(pools.stdout)
            cluster.airflow(["pools", "import", str(pools_file)])
            yield cluster
        finally:
            cluster.stop()
