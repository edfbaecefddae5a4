"""Upload events: the redis+pubsub watcher of resume_processing against the real Redis, and the inbox
trigger of the embedded default."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from myjob.airflow.resume_events import WATCHER_NAME, resume_uploads_asset
from myjob.airflow.triggers.resume_uploads import ResumeInboxTrigger
from myjob.config import AssetUris, get_settings
from myjob.resumes.intake import publish_event

REDIS_URL = "redis://127.0.0.1:6379/0"


def first_event(trigger, publish, timeout: float = 15.0):  # type: ignore[no-untyped-def]
    async def scenario():  # type: ignore[no-untyped-def]
        events = trigger.run()
        waiting = asyncio.ensure_future(events.__anext__())
        await asyncio.sleep(1.0)  # let the trigger subscribe before the event goes out
        await asyncio.to_thread(publish)
        return await asyncio.wait_for(waiting, timeout)

    return asyncio.run(scenario())


def test_schedule_is_chosen_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MYJOB_RESUME_EVENTS", raising=False)
    asset = resume_uploads_asset()
    assert asset.uri == AssetUris.RESUME_UPLOADS
    assert [w.name for w in asset.watchers] == [WATCHER_NAME]
    assert isinstance(asset.watchers[0].trigger, ResumeInboxTrigger)
    with pytest.raises(ValueError, match="MYJOB_RESUME_EVENTS"):
        resume_uploads_asset("kafka")


def test_inbox_trigger_fires_once_per_announcement(myjob_home: Path) -> None:
    settings = get_settings()
    trigger = ResumeInboxTrigger(home=str(myjob_home), poll_interval=0.1)
    event = first_event(trigger, lambda: publish_event(settings, "upload-1"))
    assert event.payload == {"upload_ids": ["upload-1"]}
    assert not list((myjob_home / "inbox" / "resumes").glob("*.json")), "the event was taken"


@pytest.mark.redis
def test_redis_pubsub_watcher_receives_an_upload_event(monkeypatch: pytest.MonkeyPatch) -> None:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis at {REDIS_URL} is not reachable: {error}")
    channel = "myjob-resume-uploads-test"
    monkeypatch.setenv("AIRFLOW_CONN_REDIS", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("MYJOB_RESUME_CHANNEL", channel)
    monkeypatch.setenv("MYJOB_RESUME_EVENTS", "redis")
    monkeypatch.setenv("MYJOB_REDIS_URL", REDIS_URL)
    trigger = resume_uploads_asset().watchers[0].trigger
    assert trigger.serialize()[0].endswith("AwaitMessageTrigger")
    event = first_event(trigger, lambda: publish_event(get_settings(), "upload-42"))
    assert json.loads(event.payload["data"]) == {"upload_id": "upload-42"}
