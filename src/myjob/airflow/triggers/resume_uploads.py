"""Event trigger of the embedded default: fires when ``myjob upload`` drops an event in the inbox.

It is the no-service counterpart of the Redis and Pub/Sub message-queue triggers: an
``AssetWatcher`` runs it in the triggerer; each firing takes the event files it saw (so one upload
makes one asset event) and carries their upload ids.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from airflow.triggers.base import BaseEventTrigger, TriggerEvent

from myjob.resumes.upload_store import UploadFiles


class ResumeInboxTrigger(BaseEventTrigger):
    def __init__(self, home: str | None = None, poll_interval: float = 5.0) -> None:
        super().__init__()
        self.home = home
        self.poll_interval = poll_interval

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            "myjob.airflow.triggers.resume_uploads.ResumeInboxTrigger",
            {"home": self.home, "poll_interval": self.poll_interval},
        )

    def _files(self) -> UploadFiles:
        # The home is resolved in the triggerer, not when the DAG is parsed, unless given explicitly.
        from myjob.config import get_settings

        return UploadFiles(Path(self.home) if self.home else get_settings().home)

    async def run(self) -> AsyncIterator[TriggerEvent]:
        files = self._files()
        while True:
            taken = await asyncio.to_thread(files.take_events)
            if taken:
                yield TriggerEvent({"upload_ids": taken})
                return
            await asyncio.sleep(self.poll_interval)
