"""Reads and writes of uploads, resumes and the resume part of user profiles.

Ids are deterministic: an upload and its resume are keyed by the user and the content hash, so
uploading the same file twice, or rerunning a DAG run, leaves the same rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from myjob.models import ResumeFacts, UploadStatus
from myjob.store.sql import SqlStore, utcnow
from myjob.store.tables import resumes, uploads, users


def upload_id_for(user_id: str, content_hash: str) -> str:
    return hashlib.sha256(f"upload\0{user_id}\0{content_hash}".encode()).hexdigest()


def resume_id_for(user_id: str, content_hash: str) -> str:
    return hashlib.sha256(f"resume\0{user_id}\0{content_hash}".encode()).hexdigest()


@dataclass(frozen=True)
class Upload:
    upload_id: str
    user_id: str
    filename: str
    content_hash: str
    size_bytes: int
    path: str
    status: str
    detected_type: str | None = None
    reason: str | None = None
    resume_id: str | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class StoredResume:
    resume_id: str
    user_id: str
    content_hash: str
    json_resume: dict[str, Any]
    facts: ResumeFacts
    created_at: datetime


class ResumeRepository:
    def __init__(self, store: SqlStore) -> None:
        self.store = store

    # --- uploads -----------------------------------------------------------------------------------

    def record_upload(self, upload: Upload) -> tuple[Upload, bool]:
        """Store a new upload as pending; the existing one (and False) when the same file came before."""
        existing = self.upload(upload.upload_id)
        if existing is not None:
            return existing, False
        row = {
            "upload_id": upload.upload_id,
            "user_id": upload.user_id,
            "filename": upload.filename,
            "content_hash": upload.content_hash,
            "size_bytes": upload.size_bytes,
            "path": upload.path,
            "status": UploadStatus.PENDING.value,
            "created_at": upload.created_at or utcnow(),
        }
        self.store.upsert(uploads, [row], preserve=list(row))
        return self.upload(upload.upload_id) or upload, True

    def upload(self, upload_id: str) -> Upload | None:
        with self.store.begin() as connection:
            row = (
                connection.execute(select(uploads).where(uploads.c.upload_id == upload_id)).mappings().first()
            )
        return _upload(row) if row else None

    def uploads(self, status: UploadStatus | None = None, detected_type: str | None = None) -> list[Upload]:
        query = select(uploads).order_by(uploads.c.created_at, uploads.c.upload_id)
        if status is not None:
            query = query.where(uploads.c.status == status.value)
        if detected_type is not None:
            query = query.where(uploads.c.detected_type == detected_type)
        with self.store.begin() as connection:
            return [_upload(row) for row in connection.execute(query).mappings()]

    def set_type(self, upload_id: str, detected_type: str) -> None:
        with self.store.begin() as connection:
            connection.execute(
                update(uploads).where(uploads.c.upload_id == upload_id).values(detected_type=detected_type)
            )

    def reject(self, upload_id: str, reason: str, quarantine_path: str | None = None) -> None:
        values: dict[str, Any] = {
            "status": UploadStatus.REJECTED.value,
            "reason": reason,
            "processed_at": utcnow(),
        }
        if quarantine_path:
            values["path"] = quarantine_path
        with self.store.begin() as connection:
            connection.execute(update(uploads).where(uploads.c.upload_id == upload_id).values(**values))

    # --- resumes -----------------------------------------------------------------------------------

    def save_resumes(self, items: Sequence[tuple[str, dict[str, Any], ResumeFacts, str]]) -> int:
        """Upsert (upload_id, json_resume, facts, text) and mark each upload processed, in one transaction."""
        now = utcnow()
        with self.store.begin() as connection:
            rows = [
                {
                    "resume_id": facts.resume_id,
                    "user_id": facts.user_id,
                    "content_hash": facts.content_hash,
                    "json_resume": json_resume,
                    "facts": facts.model_dump(mode="json"),
                    "text": text,
                    "created_at": now,
                }
                for _upload_id, json_resume, facts, text in items
            ]
            self.store.upsert(resumes, rows, connection=connection, preserve=["created_at"])
            for upload_id, _json, facts, _text in items:
                connection.execute(
                    update(uploads)
                    .where(uploads.c.upload_id == upload_id, uploads.c.status != UploadStatus.PROCESSED.value)
                    .values(
                        status=UploadStatus.PROCESSED.value,
                        resume_id=facts.resume_id,
                        reason=None,
                        processed_at=now,
                    )
                )
        return len(rows)

    def resumes_of(self, user_id: str) -> list[StoredResume]:
        query = (
            select(resumes)
            .where(resumes.c.user_id == user_id)
            .order_by(resumes.c.created_at, resumes.c.resume_id)
        )
        with self.store.begin() as connection:
            return [
                StoredResume(
                    resume_id=row["resume_id"],
                    user_id=row["user_id"],
                    content_hash=row["content_hash"],
                    json_resume=row["json_resume"],
                    facts=ResumeFacts.model_validate(row["facts"]),
                    created_at=row["created_at"],
                )
                for row in connection.execute(query).mappings()
            ]

    def resume(self, resume_id: str) -> StoredResume | None:
        with self.store.begin() as connection:
            row = (
                connection.execute(select(resumes).where(resumes.c.resume_id == resume_id)).mappings().first()
            )
        if row is None:
            return None
        return StoredResume(
            row["resume_id"],
            row["user_id"],
            row["content_hash"],
            row["json_resume"],
            ResumeFacts.model_validate(row["facts"]),
            row["created_at"],
        )

    # --- profiles ----------------------------------------------------------------------------------

    def refresh_profiles(self, user_ids: Sequence[str]) -> int:
        """Resume count, active resume (the newest upload) and its skills, recomputed from the store.

        Recomputed rather than incremented, so that a rerun or a retry gives the same profile.
        """
        now = utcnow()
        changed = 0
        for user_id in sorted(set(user_ids)):
            with self.store.begin() as connection:
                latest = connection.execute(
                    select(uploads.c.resume_id)
                    .where(uploads.c.user_id == user_id, uploads.c.status == UploadStatus.PROCESSED.value)
                    .order_by(uploads.c.created_at.desc(), uploads.c.upload_id.desc())
                    .limit(1)
                ).scalar()
                count = connection.execute(
                    select(func.count()).select_from(resumes).where(resumes.c.user_id == user_id)
                ).scalar_one()
                facts_row = connection.execute(
                    select(resumes.c.facts).where(resumes.c.resume_id == latest)
                ).scalar()
                skills = list((facts_row or {}).get("skills", []))
                current = (
                    connection.execute(select(users).where(users.c.user_id == user_id)).mappings().first()
                )
                wanted = {"active_resume_id": latest, "resume_count": count, "skills": skills}
                if current is not None and all(current[k] == v for k, v in wanted.items()):
                    continue
                row: dict[str, Any] = {
                    "user_id": user_id,
                    **wanted,
                    "active": True,
                    "preferences": {},
                    "created_at": now,
                    "updated_at": now,
                }
                self.store.upsert(
                    users,
                    [row],
                    connection=connection,
                    preserve=["active", "preferences", "created_at", "last_digest_at"],
                )
                changed += 1
        return changed

    def profile(self, user_id: str) -> dict[str, Any] | None:
        with self.store.begin() as connection:
            row = connection.execute(select(users).where(users.c.user_id == user_id)).mappings().first()
        return dict(row) if row else None

    def status_counts(self) -> dict[str, int]:
        with self.store.begin() as connection:
            rows = connection.execute(select(uploads.c.status, func.count()).group_by(uploads.c.status)).all()
        return {status: count for status, count in rows}


def _upload(row: Any) -> Upload:
    return Upload(
        upload_id=row["upload_id"],
        user_id=row["user_id"],
        filename=row["filename"],
        content_hash=row["content_hash"],
        size_bytes=row["size_bytes"],
        path=row["path"],
        status=row["status"],
        detected_type=row["detected_type"],
        reason=row["reason"],
        resume_id=row["resume_id"],
        created_at=row["created_at"],
    )
