"""The offline twin of Slack and e-mail: messages land as files in the outbox folder.

Every message is also written here when a real channel is configured, so that an operator can
read what was sent from the machine itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    kind: str = "info"
    key: str | None = field(default=None, metadata={"doc": "same key, same file: a rerun overwrites"})


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_")[:120] or "message"


class Outbox:
    """Writes each message as one JSON file; a message with a ``key`` is written once per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: Message) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = message.key or f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{message.subject}"
        path = self.folder / f"{_slug(message.kind)}--{_slug(name)}.json"
        record = asdict(message) | {"written_at": datetime.now(UTC).isoformat()}
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
        return path
