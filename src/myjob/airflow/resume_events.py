"""How resume_processing is scheduled: the uploads asset and the watcher that feeds it.

Chosen when the DAG file is parsed from one plain environment variable, ``MYJOB_RESUME_EVENTS``
(no Variable, no connection, no I/O):

- ``embedded`` (default): ``ResumeInboxTrigger`` watches the local inbox that ``myjob upload`` writes.
- ``redis``: ``MessageQueueTrigger(scheme="redis+pubsub")`` on channel ``MYJOB_RESUME_CHANNEL``
  through the Airflow connection ``redis`` (set ``AIRFLOW_CONN_REDIS``).
- ``google``: ``MessageQueueTrigger(scheme="google+pubsub")`` on the subscription
  ``MYJOB_RESUME_PUBSUB_SUBSCRIPTION`` of project ``MYJOB_RESUME_PUBSUB_PROJECT``; this needs
  ``apache-airflow-providers-google``, which the platform does not install by default.

Whatever the source, a run processes every pending upload in the store, so a lost or duplicated
event costs at most one extra (idempotent) run.
"""

from __future__ import annotations

import os

from airflow.sdk import Asset, AssetWatcher
from airflow.triggers.base import BaseEventTrigger

from myjob.config import AssetUris, ConnectionIds

SOURCES = ("embedded", "redis", "google")
WATCHER_NAME = "wait_for_resume_upload"


def _trigger(source: str) -> BaseEventTrigger:
    if source == "embedded":
        from myjob.airflow.triggers.resume_uploads import ResumeInboxTrigger

        return ResumeInboxTrigger()
    from airflow.providers.common.messaging.triggers.msg_queue import MessageQueueTrigger

    if source == "redis":
        return MessageQueueTrigger(
            scheme="redis+pubsub",
            channels=[os.environ.get("MYJOB_RESUME_CHANNEL", "myjob-resume-uploads")],
            redis_conn_id=ConnectionIds.REDIS,
            poll_interval=1,
        )
    return MessageQueueTrigger(
        scheme="google+pubsub",
        project_id=os.environ.get("MYJOB_RESUME_PUBSUB_PROJECT"),
        subscription=os.environ.get("MYJOB_RESUME_PUBSUB_SUBSCRIPTION", "resume-uploads-sub"),
        ack_messages=True,
    )


def resume_uploads_asset(source: str | None = None) -> Asset:
    """The uploads asset with the watcher of the configured event source."""
    source = (source or os.environ.get("MYJOB_RESUME_EVENTS") or "embedded").strip().lower()
    if source not in SOURCES:
        raise ValueError(f"MYJOB_RESUME_EVENTS must be one of {', '.join(SOURCES)}, not {source!r}")
    return Asset(
        AssetUris.RESUME_UPLOADS,
        group="myjob",
        watchers=[AssetWatcher(name=WATCHER_NAME, trigger=_trigger(source))],
    )
