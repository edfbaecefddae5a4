"""The pipeline's steps on a SQLite store: incremental candidates, never re-scored, digests sent once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from myjob.matching.pipeline import DAG_ID, Matching
from myjob.services.outbox import Message
from myjob.store.matches import MatchRepository
from tests.unit.matching.conftest import add_jobs, add_user, make_job

PYTHON_TEXT = "Senior Python engineer: Python services, SQL, Kubernetes, AWS. Seattle."
JAVA_TEXT = "Frontend developer: React, TypeScript, CSS. Austin."


def _run(matching: Matching, run_key: str, sent: list[Message] | None = None) -> dict:
    users = matching.active_users()
    window = matching.new_jobs_window()
    batches = matching.generate_pairs(users, window)
    outputs = [matching.score_batch(b, None, run_key) for b in batches]
    summary = matching.save(Matching.aggregate(batches, outputs), window, run_key)
    summary["digests"] = matching.send_digests(run_key, (sent if sent is not None else []).append)
    summary["pairs"] = sum(len(u["jobs"]) for b in batches for u in b["users"])
    return summary


@pytest.fixture
def matching(store, settings, extractor) -> Matching:
    m = Matching(settings.model_copy(update={"matching_top_k": 2, "digest_min_score": 50}), store)
    m.__dict__["extractor"] = extractor  # the ten-skill fake instead of the full taxonomy
    return m


def _seed(store):
    add_user(store, "ana", PYTHON_TEXT, skills=["python", "sql", "kubernetes", "aws"])
    add_user(store, "bo", JAVA_TEXT, skills=["react"], location="Austin, TX", preferences={"remote": False})
    add_jobs(
        store,
        make_job("py1"),
        make_job("py2", title="Python Developer", description="Python and SQL. 3+ years."),
        make_job("fe1", title="React Developer", location="Austin, TX", description="React and CSS."),
        make_job("far", title="Python Engineer", location="Boston, MA", description="Python."),
    )


def test_first_run_scores_top_k_compatible_candidates_then_a_rerun_changes_nothing(matching, store):
    _seed(store)
    sent: list[Message] = []
    first = _run(matching, "run1", sent)
    repo = MatchRepository(store)
    ana = [m["job_id"] for m in repo.matches_for_user("ana")]
    bo = [m["job_id"] for m in repo.matches_for_user("bo")]
    assert set(ana) == {"py1", "py2"}  # top 2; Boston is not compatible (no relocation, not remote)
    assert bo == ["fe1"]  # the only job in reach
    assert first["complete"]
    assert first["matches_written"] == 3
    assert ana[0] == "py1"  # all required skills and the level fit
    stored = repo.match("ana", "py1")
    assert set(stored["agent_scores"]) >= {"skills", "experience", "location", "compensation", "semantic"}
    assert stored["explanation"].endswith(".")
    assert "offline: no judge configured" in stored["explanation"]
    assert len(sent) >= 1
    assert sent[0].kind == "digest"

    before = {
        (m["user_id"], m["job_id"]): (m["score"], m["created_at"])
        for u in ("ana", "bo")
        for m in repo.matches_for_user(u)
    }
    again: list[Message] = []
    second = _run(matching, "run1", again)
    after = {
        (m["user_id"], m["job_id"]): (m["score"], m["created_at"])
        for u in ("ana", "bo")
        for m in repo.matches_for_user(u)
    }
    assert second["pairs"] == 0
    assert after == before
    assert again == []


def test_new_jobs_reach_every_user_and_a_new_resume_gets_a_full_pass(matching, store):
    _seed(store)
    _run(matching, "run1")
    later = datetime.now(UTC) + timedelta(hours=1)
    add_jobs(store, make_job("py3", title="Staff Python Engineer", first_seen_at=later, last_seen_at=later))
    second = _run(matching, "run2")
    assert second["pairs"] == 1  # only the new job, only for the user it is compatible with
    assert {m["job_id"] for m in MatchRepository(store).matches_for_user("ana")} == {"py1", "py2", "py3"}

    add_user(store, "ana", PYTHON_TEXT + " Also Go.", skills=["python", "go"])
    third = _run(matching, "run3")
    assert third["pairs"] == 2  # the new resume version against all live jobs, top K again
    assert len(MatchRepository(store).matches_for_user("ana")) == 2


def test_a_failed_batch_keeps_the_watermark_so_the_next_run_retries_it(matching, store):
    _seed(store)
    users = matching.active_users()
    window = matching.new_jobs_window()
    batches = matching.generate_pairs(users, window)
    summary = matching.save(Matching.aggregate(batches, [None] * len(batches)), window, "run1")
    assert not summary["complete"]
    assert summary["failed_batches"] == [b["batch"] for b in batches]
    assert MatchRepository(store).last_complete_run(DAG_ID) is None
    retry = _run(matching, "run2")
    assert retry["pairs"] == 3


def test_digest_covers_only_matches_since_the_last_one(matching, store):
    _seed(store)
    sent: list[Message] = []
    _run(matching, "run1", sent)
    first_keys = {m.key for m in sent}
    later = datetime.now(UTC) + timedelta(hours=1)
    add_jobs(
        store, make_job("py3", title="Senior Python Engineer II", first_seen_at=later, last_seen_at=later)
    )
    more: list[Message] = []
    _run(matching, "run2", more)
    assert len(more) == 1
    assert more[0].key not in first_keys
    assert "py3" not in sent[0].body
    assert "1 new job match" in more[0].body
    assert len(MatchRepository(store).digests_for("ana")) == 2
