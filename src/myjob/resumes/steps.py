"""The resume_processing pipeline as plain functions over the store, one per DAG task.

Each step handles a batch and isolates files: a file that fails is rejected with its reason and
moved to quarantine, and the step goes on with the others. Items passed between steps are plain
dicts (they travel through XCom).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date

from myjob.config import Settings
from myjob.models import ResumeFacts, UploadStatus
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


def process_type(settings: Settings, store: SqlStore, kind: FileType, upload_ids: Iterable[str]) -> list[str]:
    """Extract and normalize the text of each upload of one type; the ids that succeeded."""
    repo, files = ResumeRepository(store), UploadFiles(settings.home)
    limits = Limits.from_settings(settings)
    done = []
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
        files.save_stage(
            upload_id,
            "text",
            {
                "user_id": upload.user_id,
                "content_hash": upload.content_hash,
                "uploaded_on": created,
                "text": text.to_dict(),
            },
        )
        done.append(upload_id)
    return done


def tag_skills(settings: Settings, batches: Iterable[list[str] | None]) -> list[str]:
    """Canonical skill ids of every upload that any type branch extracted."""
    files, extractor = UploadFiles(settings.home), default_extractor()
    done = []
    for upload_id in (upload_id for batch in batches if batch for upload_id in batch):
        item = files.load_stage(upload_id, "text")
        if item is None:
            continue
        item["skills"] = extractor.canonical_ids("\n".join(item["text"]["lines"]))
        files.save_stage(upload_id, "skills", item)
        done.append(upload_id)
    return done


def structure_items(settings: Settings, store: SqlStore, upload_ids: list[str]) -> list[str]:
    """JSON Resume and facts for each upload; one that fails the schema is rejected."""
    repo, files, extractor = ResumeRepository(store), UploadFiles(settings.home), default_extractor()
    done = []
    for upload_id in upload_ids:
        item = files.load_stage(upload_id, "skills")
        if item is None:
            continue
        text = ResumeText(**item["text"])
        try:
            result = structure(
                text, item["skills"], extractor, settings.data_dir, date.fromisoformat(item["uploaded_on"])
            )
        except Rejected as error:
            upload = repo.upload(upload_id)
            _reject(settings, repo, upload_id, upload.path if upload else "", str(error))
            continue
        facts = result.facts(
            user_id=item["user_id"],
            resume_id=resume_id_for(item["user_id"], item["content_hash"]),
            content_hash=item["content_hash"],
        )
        files.save_stage(
            upload_id,
            "structured",
            {"json_resume": result.json_resume, "facts": facts.model_dump(mode="json"), "text": text.text},
        )
        done.append(upload_id)
    return done


def store_items(settings: Settings, store: SqlStore, upload_ids: list[str]) -> list[str]:
    """Upsert the resumes and mark their uploads processed; the user ids touched."""
    files = UploadFiles(settings.home)
    items = [(upload_id, files.load_stage(upload_id, "structured")) for upload_id in upload_ids]
    rows = [
        (upload_id, item["json_resume"], ResumeFacts.model_validate(item["facts"]), item["text"])
        for upload_id, item in items
        if item is not None
    ]
    ResumeRepository(store).save_resumes(rows)
    for upload_id in upload_ids:
        files.drop_stages(upload_id)
    return sorted({facts.user_id for _id, _json, facts, _text in rows})


def refresh_profiles(store: SqlStore, user_ids: list[str]) -> int:
    return ResumeRepository(store).refresh_profiles(user_ids)


def run_batch(settings: Settings, store: SqlStore) -> list[str]:
    """All steps in one process, in DAG order (the benchmarks and tests use it); the user ids touched."""
    routes = route_pending(settings, store)
    batches = [process_type(settings, store, FileType(kind), ids) for kind, ids in routes.items()]
    structured = structure_items(settings, store, tag_skills(settings, batches))
    users = store_items(settings, store, structured)
    refresh_profiles(store, users)
    return users
