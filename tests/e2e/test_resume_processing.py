"""resume_processing end to end with `airflow dags test` on the embedded defaults."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from myjob.config import get_settings
from myjob.resumes.intake import upload_resume
from myjob.store import open_store
from myjob.store.tables import resumes, uploads, users
from tests.conftest import run_dag

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for fixtures.resumes
from fixtures.resumes import corpus

pytestmark = pytest.mark.e2e


def snapshot() -> dict[str, Any]:
    store = open_store(get_settings().resolved_store_url)
    with store.begin() as connection:
        state = {
            table.name: sorted(tuple(row) for row in connection.execute(select(table)).all())
            for table in (uploads, resumes, users)
        }
    store.dispose()
    return state


def upload_all(files: list[tuple[Path, str]]) -> list[bool]:
    settings = get_settings()
    store = open_store(settings.resolved_store_url)
    created = [upload_resume(path, user, settings, store)[1] for path, user in files]
    store.dispose()
    return created


def test_uploads_are_processed_and_a_rerun_changes_nothing(
    airflow_home: dict[str, str], myjob_home: Path, tmp_path: Path
) -> None:
    valid = corpus.valid_corpus(tmp_path / "valid")
    hostile = corpus.hostile_corpus(tmp_path / "hostile", get_settings().resume_max_bytes)
    batch = [
        (valid["two_column.pdf"], "ada"),
        (valid["resume.docx"], "ada"),
        (valid["cv-example.md"], "alex"),
        (hostile["encrypted.pdf"][0], "mallory"),
        (hostile["zip_bomb.docx"][0], "mallory"),
    ]
    assert upload_all(batch) == [True] * 5

    output = run_dag("resume_processing", "2026-12-01T10:00:00+00:00", airflow_home)
    assert "richard.hendriks@mail.com" not in output, "personal data in logs"
    assert "Alex Chen" not in output, "personal data in logs"
    first = snapshot()
    statuses = {row[2]: row[7] for row in first["uploads"]}  # filename -> status
    assert statuses == {
        "two_column.pdf": "processed",
        "resume.docx": "processed",
        "cv-example.md": "processed",
        "encrypted.pdf": "rejected",
        "zip_bomb.docx": "rejected",
    }
    assert len(first["resumes"]) == 3
    profiles = {row[0]: row for row in first["users"]}
    assert set(profiles) == {"ada", "alex"}
    assert profiles["ada"][3] == 2  # resume_count
    assert list((myjob_home / "quarantine" / "resumes").glob("*.reason.txt"))

    assert upload_all(batch) == [False] * 5, "the same files make no new uploads"
    run_dag("resume_processing", "2026-12-01T11:00:00+00:00", airflow_home)
    assert snapshot() == first
