"""Handing in a resume: keep the file, record the upload as pending, announce the event.

The announcement always drops an event file in the local inbox (the embedded trigger watches
it) and, when ``resume_events`` is ``redis``, also publishes on the Redis channel that the
``redis+pubsub`` asset watcher listens to. With ``google`` the upload service of the web app
publishes to Pub/Sub; this command then only records the upload.
"""

from __future__ import annotations

import json
from pathlib import Path

from myjob.config import Settings
from myjob.errors import UserError
from myjob.resumes.reader import content_hash
from myjob.resumes.upload_store import UploadFiles
from myjob.store import SqlStore
from myjob.store.resumes import ResumeRepository, Upload, upload_id_for

_READ_CAP_FACTOR = 4  # a file this many times over the limit is refused at the door, not stored


def publish_event(settings: Settings, upload_id: str) -> list[str]:
    """Announce an upload; the channels used."""
    UploadFiles(settings.home).announce(upload_id)
    channels = ["inbox"]
    if settings.resume_events == "redis":
        import redis

        url = settings.redis_url or "redis://127.0.0.1:6379/0"
        client = redis.Redis.from_url(url, socket_timeout=5)
        try:
            client.publish(settings.resume_channel, json.dumps({"upload_id": upload_id}))
        except redis.RedisError as error:
            raise UserError(
                f"could not publish the upload event to Redis: {error}",
                hint="check MYJOB_REDIS_URL, or unset MYJOB_RESUME_EVENTS",
            ) from None
        finally:
            client.close()
        channels.append("redis")
    return channels


def upload_resume(path: Path, user_id: str, settings: Settings, store: SqlStore) -> tuple[Upload, bool]:
    """Record ``path`` as a pending upload of ``user_id``; (the upload, whether it is new)."""
    if not user_id.strip() or len(user_id) > 128:
        raise UserError("the user id must be 1 to 128 characters", hint="pass --user USER_ID")
    if not path.is_file():
        raise UserError(f"no such file: {path}", hint="give the path of a PDF, DOCX or Markdown resume")
    size = path.stat().st_size
    if size > settings.resume_max_bytes * _READ_CAP_FACTOR:
        raise UserError(
            f"{path.name} is {size:,} bytes; resumes may be up to {settings.resume_max_bytes:,}",
            hint="export a smaller PDF, or set MYJOB_RESUME_MAX_BYTES",
        )
    data = path.read_bytes()
    digest = content_hash(data)
    upload_id = upload_id_for(user_id, digest)
    relative = UploadFiles(settings.home).keep(upload_id, data)
    upload, new = ResumeRepository(store).record_upload(
        Upload(upload_id, user_id, path.name, digest, len(data), relative, "pending")
    )
    if new:
        publish_event(settings, upload_id)
    return upload, new
