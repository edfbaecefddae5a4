"""The hostile corpus: each file is rejected with its reason, within bounded time and memory, and the
valid files uploaded in the same batch are processed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from myjob.config import get_settings
from myjob.models import UploadStatus
from myjob.resumes import steps
from myjob.resumes.intake import upload_resume
from myjob.resumes.reader import extract_text
from myjob.resumes.validation import FileType, Limits, Rejected
from myjob.store import open_store
from myjob.store.resumes import ResumeRepository

LIMITS = Limits(memory_mb=256, cpu_s=5)


@pytest.mark.parametrize(
    "name",
    [
        "zip_bomb.docx",
        "external_entity.docx",
        "huge_stream.pdf",
        "deeply_nested.pdf",
        "encrypted.pdf",
        "image_only.pdf",
        "empty.pdf",
        "program.pdf",
        "too_big.md",
        "script.md",
    ],
)
def test_hostile_file_is_rejected_with_its_reason(
    hostile_files: dict[str, tuple[Path, str]], name: str
) -> None:
    path, reason = hostile_files[name]
    started = time.monotonic()
    with pytest.raises(Rejected) as rejected:
        extract_text(path.read_bytes(), LIMITS)
    assert reason.lower() in str(rejected.value).lower()
    assert str(rejected.value)
    assert time.monotonic() - started < 3 * LIMITS.cpu_s + 5  # bounded by the child's limits


def test_a_parser_that_eats_memory_is_stopped() -> None:
    from myjob.resumes.sandbox import run_limited

    with pytest.raises(Rejected, match=r"memory|could not be read"):
        run_limited(bytearray, 2 * 1024**3, memory_mb=128, cpu_s=5)


def test_a_parser_that_spins_is_stopped() -> None:
    from myjob.resumes.sandbox import run_limited

    def spin() -> None:
        while True:
            pass

    with pytest.raises(Rejected, match="CPU"):
        run_limited(spin, memory_mb=128, cpu_s=1)


def test_the_type_comes_from_the_bytes_not_the_name(tmp_path: Path) -> None:
    from myjob.resumes.validation import validate

    assert validate(b"# Ada\n\nPython", Limits()) is FileType.MARKDOWN
    assert validate(b"%PDF-1.7 ...", Limits()) is FileType.PDF
    with pytest.raises(Rejected, match="executable"):
        validate(b"MZ\x90\x00", Limits())


def test_one_batch_rejects_the_hostile_and_processes_the_valid(
    hostile_files: dict[str, tuple[Path, str]], valid_files: dict[str, Path], myjob_home: Path
) -> None:
    settings = get_settings()
    store = open_store(settings.resolved_store_url)
    for path, _reason in hostile_files.values():
        upload_resume(path, "mallory", settings, store)
    for name in ("two_column.pdf", "resume.docx", "cv-example.md"):
        upload_resume(valid_files[name], "ada", settings, store)

    steps.run_batch(settings, store)

    repo = ResumeRepository(store)
    processed = repo.uploads(UploadStatus.PROCESSED)
    rejected = repo.uploads(UploadStatus.REJECTED)
    assert {u.filename for u in processed} == {"two_column.pdf", "resume.docx", "cv-example.md"}
    assert {u.filename for u in rejected} == set(hostile_files)
    assert repo.uploads(UploadStatus.PENDING) == []
    for upload in rejected:
        assert upload.reason
        assert (myjob_home / upload.path).is_file(), "a rejected file is kept in quarantine"
        assert upload.path.startswith("quarantine/")
    profile = repo.profile("ada")
    assert profile is not None
    assert profile["resume_count"] == 3
    assert profile["active_resume_id"] in {u.resume_id for u in processed}
    assert "python" in profile["skills"]
    assert repo.profile("mallory") is None
