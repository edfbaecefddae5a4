"""The whole event path under a running Airflow: `myjob upload` publishes on Redis, the triggerer's
redis+pubsub watcher turns it into an asset event, the scheduler starts resume_processing, and the
upload ends processed. Slow (Airflow standalone starts in 30-50 s), so marked e2e as well."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from myjob.cli.platform import pools_document
from myjob.config import get_settings
from myjob.models import UploadStatus
from myjob.resumes.intake import publish_event, upload_resume
from myjob.store import open_store
from myjob.store.resumes import ResumeRepository
from tests.conftest import AIRFLOW_BIN, REPO

pytestmark = [pytest.mark.redis, pytest.mark.e2e]
REDIS_URL = "redis://127.0.0.1:6379/0"
DEADLINE_S = 240


def upload_status(upload_id: str) -> str | None:
    store = open_store(get_settings().resolved_store_url)
    try:
        upload = ResumeRepository(store).upload(upload_id)
    finally:
        store.dispose()
    return upload.status if upload else None


def test_redis_upload_event_runs_the_pipeline(
    airflow_home: dict[str, str], myjob_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    channel = f"myjob-resume-uploads-{uuid.uuid4().hex[:8]}"
    events = {
        "MYJOB_RESUME_EVENTS": "redis",
        "MYJOB_RESUME_CHANNEL": channel,
        "MYJOB_REDIS_URL": REDIS_URL,
    }
    for name, value in events.items():
        monkeypatch.setenv(name, value)
    port = 18000 + os.getpid() % 1000
    env = {
        **airflow_home,
        **events,
        "AIRFLOW_CONN_REDIS": REDIS_URL,
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://localhost:{port}/execution/",
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
    }
    pools = tmp_path / "pools.json"
    pools.write_text(json.dumps(pools_document()))
    for argv in (
        ["pools", "import", str(pools)],
        ["dags", "reserialize"],
        ["dags", "unpause", "resume_processing"],
    ):
        subprocess.run([str(AIRFLOW_BIN), *argv], env=env, check=True, capture_output=True)
    log = (tmp_path / "standalone.log").open("w")
    airflow = subprocess.Popen(
        [str(AIRFLOW_BIN), "standalone"],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        settings = get_settings()
        store = open_store(settings.resolved_store_url)
        upload, _new = upload_resume(
            REPO / "data" / "samples" / "resumes" / "cv-example.md", "ada", settings, store
        )
        store.dispose()
        started = time.monotonic()
        # Pub/Sub keeps no messages: announce again until the watcher has subscribed and a run took it.
        while upload_status(upload.upload_id) == UploadStatus.PENDING.value:
            assert airflow.poll() is None, "airflow standalone exited; see its log"
            if time.monotonic() - started > DEADLINE_S:
                pytest.fail(f"no run processed the upload within {DEADLINE_S} s; log: {log.name}")
            publish_event(settings, upload.upload_id)
            time.sleep(5)
        assert upload_status(upload.upload_id) == UploadStatus.PROCESSED.value
    finally:
        os.killpg(airflow.pid, signal.SIGTERM)
        try:
            airflow.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(airflow.pid, signal.SIGKILL)
        log.close()
