"""Where uploaded files live under MYJOB_HOME: the upload store, the quarantine and the event inbox.

Files are named by upload id (user + content hash), so two users uploading the same bytes never
share a file, and quarantining one never touches the other. Paths recorded in the store are
relative to the home, so the folder can move.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any


class UploadFiles:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.uploads = home / "uploads" / "resumes"
        self.quarantine_dir = home / "quarantine" / "resumes"
        self.inbox = home / "inbox" / "resumes"
        self.work = home / "work" / "resumes"

    def keep(self, upload_id: str, data: bytes) -> str:
        """Write the file once (idempotent); its path relative to the home."""
        path = self.uploads / upload_id
        if not path.exists():
            self.uploads.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".part")
            temporary.write_bytes(data)
            os.replace(temporary, path)
        return str(path.relative_to(self.home))

    def read(self, relative_path: str) -> bytes:
        return (self.home / relative_path).read_bytes()

    def quarantine(self, upload_id: str, relative_path: str, reason: str) -> str:
        """Move a rejected file aside with its reason beside it; the new relative path."""
        self.quarantine_dir.mkdir(parents=True, exist_ok=True)
        target = self.quarantine_dir / upload_id
        source = self.home / relative_path
        if source.exists() and source != target:
            os.replace(source, target)
        (self.quarantine_dir / f"{upload_id}.reason.txt").write_text(reason + "\n", encoding="utf-8")
        return str(target.relative_to(self.home))

    def announce(self, upload_id: str) -> Path:
        """Drop an event file in the inbox, which the embedded trigger watches."""
        self.inbox.mkdir(parents=True, exist_ok=True)
        path = self.inbox / f"{upload_id}.json"
        path.write_text(json.dumps({"upload_id": upload_id}), encoding="utf-8")
        return path

    def take_events(self) -> list[str]:
        """Upload ids announced since the last call; their event files are removed."""
        if not self.inbox.is_dir():
            return []
        taken = []
        for path in sorted(self.inbox.glob("*.json")):
            with contextlib.suppress(
                OSError, ValueError, KeyError
            ):  # a torn event file: the run finds it anyway
                taken.append(json.loads(path.read_text(encoding="utf-8"))["upload_id"])
            path.unlink(missing_ok=True)
        return taken

    # --- hand-over between pipeline steps ------------------------------------------------------------
    # Resume text is personal data: it goes from task to task in files under the home, never through
    # XCom, whose values Airflow writes to its logs and metadata database.

    def save_stage(self, upload_id: str, stage: str, payload: dict[str, Any]) -> None:
        self.work.mkdir(parents=True, exist_ok=True)
        path = self.work / f"{upload_id}.{stage}.json"
        temporary = path.with_suffix(".part")
        temporary.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)

    def load_stage(self, upload_id: str, stage: str) -> dict[str, Any] | None:
        path = self.work / f"{upload_id}.{stage}.json"
        if not path.exists():
            return None
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return loaded

    def drop_stages(self, upload_id: str) -> None:
        for path in self.work.glob(f"{upload_id}.*.json"):
            path.unlink(missing_ok=True)
