"""The resume_processing pipeline as plain functions over the store, one per DAG task.

Each step handles a batch and isolates files: a file that fails is rejected with its reason and
moved to quarantine, and the step goes on with the others. Items passed between steps are plain
dicts (they travel through XCom).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from myjob.config import Settings
from myjob.models import ResumeFacts, Seniority, UploadStatus
from myjob.resumes.reader import ResumeText, extract_text, structure
from myjob.resumes.upload_store import UploadFiles
from myjob.resumes.validation import FileType, Limits, Rejected, validate
from myjob.skills import default_extractor
from myjob.store import SqlStore
from myjob.store.resumes import ResumeRepository, resume_id_for

log = logging.getLogger(__name__)


def _reject(settings: Settings, repo: ResumeRepository, upload_id: str, path: str, reason: str) -> None:
    quarantined = UploadFiles(settings.home).quarantine(upload_id, path, reason)
    repo.reject(upload_id, reason, quarantined)
    # the upload id and the reason only: file names and contents may carry personal data
    log.warning("upload %s rejected: %s", upload_id[:12], reason)


def route_pending(settings: Settings, store: SqlStore) -> dict[str, list[str]]:
    """Validate every pending upload from its bytes; pending upload ids by file type."""
    repo, files = ResumeRepository(store), UploadFiles(settings.home)
    files.take_events()  # this run handles everything pending, announced or not
    limits = Limits.from_settings(settings)
    routes: dict[str, list[str]] = {kind.value: [] for kind in FileType}
    for upload in repo.uploads(UploadStatus.PENDING):
        try:
            kind = validate(files.read(upload.path), limits)
        except FileNotFoundError:
            repo.reject(upload.upload_id, "the uploaded file is missing from the upload store")
            continue
        except Rejected as error:
            _reject(settings, repo, upload.upload_id, upload.path, str(error))
            continue
        repo.set_type(upload.upload_id, kind.value)
        routes[kind.value].append(upload.upload_id)
    return routes


def process_type(
    settings: Settings, store: SqlStore, kind: FileType, upload_ids: Iterable[str]
) -> list[dict[str, Any]]:
    """Extracted, normalized text of each upload of one type (rejects the ones that fail)."""
    repo, files = ResumeRepository(store), UploadFiles(settings.home)
    limits = Limits.from_settings(settings)
    items = []
    for upload_id in upload_ids:
        upload = repo.upload(upload_id)
        if upload is None or upload.status != UploadStatus.PENDING.value:
            continue
        try:
            text = extract_text(files.read(upload.path), limits, kind)
        except Rejected as error:
            _reject(settings, repo, upload.upload_id, upload.path, str(error))
            continue
        created = upload.created_at.date().isoformat() if upload.created_at else date.today().isoformat()
        items.append(
            {
                "upload_id": upload.upload_id,
                "user_id": upload.user_id,
                "content_hash": upload.content_hash,
                "uploaded_on": created,
                "text": text.to_dict(),
            }
        )
    return items


def tag_skills(batches: Iterable[list[dict[str, Any]] | None]) -> list[dict[str, Any]]:
    """Canonical skill ids of every item, from all the type branches that ran."""
    extractor = default_extractor()
    items = [item for batch in batches if batch for item in batch]
    for item in items:
        item["skills"] = extractor.canonical_ids("\n".join(item["text"]["lines"]))
    return items


def structure_items(settings: Settings, store: SqlStore, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """JSON Resume and facts for each item; an item that fails the schema is rejected."""
    repo, extractor = ResumeRepository(store), default_extractor()
    out = []
    for item in items:
        text = ResumeText(**item["text"])
        try:
            result = structure(
                text, item["skills"], extractor, settings.data_dir, date.fromisoformat(item["uploaded_on"])
            )
        except Rejected as error:
            upload = repo.upload(item["upload_id"])
            _reject(settings, repo, item["upload_id"], upload.path if upload else "", str(error))
            continue
        facts = ResumeFacts(
            user_id=item["user_id"],
            resume_id=resume_id_for(item["user_id"], item["content_hash"]),
            content_hash=item["content_hash"],
            skills=result.skills,
            years_experience=result.years_experience,
            recent_title=result.recent_title,
            seniority=Seniority(result.seniority) if result.seniority else None,
            location=result.location,
            flags=result.flags,
        )
        out.append(
            {
                "upload_id": item["upload_id"],
                "json_resume": result.json_resume,
                "facts": facts.model_dump(mode="json"),
                "text": text.text,
            }
        )
    return out


def store_items(store: SqlStore, items: list[dict[str, Any]]) -> list[str]:
    """Upsert the resumes and mark their uploads processed; the user ids touched."""
    repo = ResumeRepository(store)
    repo.save_resumes(
        [(i["upload_id"], i["json_resume"], ResumeFacts.model_validate(i["facts"]), i["text"]) for i in items]
    )
    return sorted({i["facts"]["user_id"] for i in items})


def refresh_profiles(store: SqlStore, user_ids: list[str]) -> int:
    return ResumeRepository(store).refresh_profiles(user_ids)


def summary(store: SqlStore, since: datetime | None = None) -> dict[str, int]:
    return ResumeRepository(store).status_counts()
