"""Messages go to the outbox always, and to Slack when a `slack` connection exists."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from myjob.airflow.notifiers.platform import PlatformNotifier, deliver
from myjob.services.outbox import Message
from tests.services.fake_api import Reply, send_reply


@pytest.fixture
def fake_slack() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A local server that answers chat.postMessage as Slack does and records what it was sent."""
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append(
                {"path": self.path, "auth": self.headers.get("Authorization"), "body": json.loads(body)}
            )
            send_reply(self, Reply(body={"ok": True, "channel": "C1", "ts": "1.0"}))

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/", received
    server.shutdown()
    server.server_close()


def test_without_connections_the_outbox_gets_the_message(myjob_home: Path) -> None:
    channels = deliver(Message(subject="Job scraping 1", body="New jobs: 3", kind="summary", key="run-1"))
    assert channels == ["outbox"]
    (written,) = (myjob_home / "outbox").glob("*.json")
    assert json.loads(written.read_text())["body"] == "New jobs: 3"
    deliver(Message(subject="Job scraping 1", body="New jobs: 3", kind="summary", key="run-1"))
    assert len(list((myjob_home / "outbox").glob("*.json"))) == 1, "a rerun overwrites, it does not add"


def test_with_a_slack_connection_slack_gets_it_too(
    fake_slack: tuple[str, list[dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    base_url, received = fake_slack
    monkeypatch.setenv(
        "AIRFLOW_CONN_SLACK",
        json.dumps(
            {"conn_type": "slack", "password": "xoxb-not-a-real-token", "extra": {"base_url": base_url}}
        ),
    )
    monkeypatch.setenv("MYJOB_SUMMARY_CHANNEL", "#data-alerts")
    channels = deliver(Message(subject="Job scraping 1", body="Failed batches: 1", kind="summary"))
    assert channels == ["outbox", "slack"]
    (call,) = received
    assert call["path"].endswith("chat.postMessage")
    assert call["auth"] == "Bearer xoxb-not-a-real-token"
    assert call["body"]["channel"] == "#data-alerts"
    assert "Failed batches: 1" in call["body"]["text"]


def test_failure_callback_names_the_task_and_the_error(myjob_home: Path) -> None:
    class TaskInstance:
        dag_id, task_id, run_id = "job_scraping_daily", "scrape_jobs", "manual__1"

    PlatformNotifier(event="task_failed").notify({"ti": TaskInstance(), "exception": ValueError("bad page")})
    (written,) = (myjob_home / "outbox").glob("alert--*.json")
    body = json.loads(written.read_text())["body"]
    assert "job_scraping_daily.scrape_jobs" in body
    assert "ValueError: bad page" in body
