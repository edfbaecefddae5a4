"""The pipeline's steps on a SQLite store: incremental candidates, never re-scored, digests sent once.

Candidates and scored rows travel through the store's staging tables, not through what a step
returns (XCom).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Table, select, update

from myjob.matching.pipeline import DAG_ID, Matching
from myjob.services.outbox import Message
from myjob.store import SqlStore
from myjob.store.matches import MatchRepository
from myjob.store.tables import matches, staged_candidates, staged_matches
from tests.unit.matching.conftest import add_jobs, add_user, make_job

PYTHON_TEXT = "Senior Python engineer: Python services, SQL, Kubernetes, AWS. Seattle."
JAVA_TEXT = "Frontend developer: React, TypeScript, CSS. Austin."


def _run(matching: Matching, run_key: str, sent: list[Message] | None = None) -> dict:
    users = matching.active_users()
    window = matching.new_jobs_window()
    batches = matching.generate_pairs(users, window, run_key)
    outputs = [matching.score_batch(b, None, run_key) for b in batches]
    summary = matching.save(Matching.aggregate(batches, outputs), window, run_key)
    summary["digests"] = matching.send_digests(run_key, (sent if sent is not None else []).append)
    summary["pairs"] = sum(b["pairs"] for b in batches)
    return summary


def _staged(store: SqlStore, table: Table = staged_matches) -> list[dict]:
    with store.begin() as connection:
        return [dict(r) for r in connection.execute(select(table)).mappings()]


def _stored(store: SqlStore) -> list[dict]:
    with store.begin() as connection:
        return [dict(r) for r in connection.execute(select(matches)).mappings()]


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
    assert _staged(store) == [], "storing the run clears its staged rows"
    assert _staged(store, staged_candidates) == []


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
    batches = matching.generate_pairs(users, window, "run1")
    for batch in batches:  # each scorer staged its rows, then its task failed
        matching.score_batch(batch, None, "run1")
    assert len(_staged(store)) == 3
    summary = matching.save(Matching.aggregate(batches, [None] * len(batches)), window, "run1")
    assert not summary["complete"]
    assert summary["failed_batches"] == [b["batch"] for b in batches]
    assert summary["matches_written"] == 0
    assert _stored(store) == [], "rows of a failed batch are not stored"
    assert _staged(store) == []
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


def test_a_scoring_batch_hands_on_counts_while_its_rows_wait_in_the_store(matching, store):
    """200 pairs of about 1 KB each are staged; what the step returns (its XCom) stays under 1 KB."""
    matching.settings = matching.settings.model_copy(
        update={"matching_top_k": 20, "matching_batch_pairs": 200}
    )
    for i in range(10):
        add_user(store, f"user{i:02d}", f"Senior Python engineer {i}: Python, SQL.", skills=["python", "sql"])
    add_jobs(
        store, *[make_job(f"job{i:02d}", description=f"Python and SQL ({i}). 5+ years.") for i in range(20)]
    )
    users = matching.active_users()
    window = matching.new_jobs_window()
    [batch] = matching.generate_pairs(users, window, "run1")
    output = matching.score_batch(batch, None, "run1")

    staged = _staged(store)
    assert output["scored"] == len(staged) == 200
    assert len(json.dumps(staged, default=str)) > 100_000
    assert len(json.dumps(output)) < 1024
    assert sorted(map(tuple, output["full_pass_done"])) == sorted(map(tuple, users["users"]))

    aggregated = Matching.aggregate([batch], [output])
    assert len(json.dumps(aggregated)) < 1024
    summary = matching.save(aggregated, window, "run1")
    assert summary["matches_written"] == 200
    stored = {(m["user_id"], m["job_id"]): m for m in _stored(store)}
    assert {(r["user_id"], r["job_id"]) for r in staged} == set(stored)
    assert all(stored[(r["user_id"], r["job_id"])]["agent_scores"] == r["agent_scores"] for r in staged)
    assert _staged(store) == []


def test_a_retried_batch_replaces_what_its_earlier_attempt_staged(matching, store):
    matching.settings = matching.settings.model_copy(update={"matching_batch_pairs": 2})
    _seed(store)
    batches = matching.generate_pairs(matching.active_users(), matching.new_jobs_window(), "run1")
    repo = MatchRepository(store)
    assert [[u["user_id"] for u in repo.candidates("run1", b["batch"])] for b in batches] == [["ana"], ["bo"]]
    first = [matching.score_batch(b, None, "run1") for b in batches]
    assert matching.score_batch(batches[0], None, "run1") == first[0]
    assert sorted((r["batch"], r["user_id"]) for r in _staged(store)) == [(0, "ana"), (0, "ana"), (1, "bo")]

    add_user(store, "ana", PYTHON_TEXT + " Also Go.", skills=["python", "go"])  # a new resume meanwhile
    retried = matching.score_batch(batches[0], None, "run1")
    assert retried["scored"] == 0
    assert retried["skipped"] == ["ana: active resume changed or user inactive"]
    assert [(r["batch"], r["user_id"]) for r in _staged(store)] == [(1, "bo")]

    matching.save(Matching.aggregate(batches, [retried, first[1]]), matching.new_jobs_window(), "run1")
    assert [(m["user_id"], m["job_id"]) for m in _stored(store)] == [("bo", "fe1")]


def _many_users_and_jobs(store: SqlStore, n_users: int, n_jobs: int = 20) -> None:
    for i in range(n_users):
        add_user(store, f"user{i:04d}", f"Senior Python engineer {i}: Python, SQL.", skills=["python", "sql"])
    add_jobs(
        store,
        *[make_job(f"job{i:02d}", description=f"Python and SQL ({i}). 5+ years.") for i in range(n_jobs)],
    )


def test_generated_pairs_wait_in_the_store_and_only_batch_descriptors_go_to_xcom(matching, store):
    """1,000 users x top 20 (short test job ids): about 500 KB of candidates staged, 4 KB handed on."""
    matching.settings = matching.settings.model_copy(
        update={"matching_top_k": 20, "matching_batch_pairs": 200}
    )
    _many_users_and_jobs(store, 1000)
    batches = matching.generate_pairs(matching.active_users(), matching.new_jobs_window(), "run1")

    staged = _staged(store, staged_candidates)
    assert [b["batch"] for b in batches] == list(range(100))
    assert all(b["users"] == 10 and b["pairs"] == 200 for b in batches)
    candidates_bytes = len(json.dumps([{"batch": r["batch"], "users": r["users"]} for r in staged]))
    assert candidates_bytes > 400_000  # what this step used to return, in the XCom shape it had
    assert len(json.dumps(batches)) < 5 * 1024
    repo = MatchRepository(store)
    entries = [u for b in batches for u in repo.candidates("run1", b["batch"])]
    assert len({u["user_id"] for u in entries}) == 1000
    assert all(len(u["jobs"]) == 20 and u["full_pass"] for u in entries)


def test_regenerating_a_run_replaces_its_staged_candidates_and_scores(matching, store):
    _seed(store)
    users, window = matching.active_users(), matching.new_jobs_window()
    first = matching.generate_pairs(users, window, "run1")
    matching.score_batch(first[0], None, "run1")
    matching.generate_pairs(users, window, "other")
    assert len(_staged(store)) == 3

    matching.settings = matching.settings.model_copy(update={"matching_batch_pairs": 2})
    again = matching.generate_pairs(users, window, "run1")  # a retry that cuts the batches differently
    assert [b["batch"] for b in first] == [0]
    assert [b["batch"] for b in again] == [0, 1]
    run1 = sorted(
        (r["batch"], r["pair_count"]) for r in _staged(store, staged_candidates) if r["run_key"] == "run1"
    )
    assert run1 == [(0, 2), (1, 1)], "the earlier cut is gone, not added to"
    assert _staged(store) == [], "pairs scored from the earlier cut are gone with it"
    assert [r["run_key"] for r in _staged(store, staged_candidates)].count("other") == 1
    assert sum(b["pairs"] for b in matching.generate_pairs(users, window, "run1")) == 3

    with pytest.raises(LookupError, match="no staged candidates for batch 7"):
        matching.score_batch({"batch": 7}, None, "run1")


def test_storing_a_run_removes_old_staging_of_other_runs_and_keeps_recent_staging(matching, store):
    _seed(store)
    users, window = matching.active_users(), matching.new_jobs_window()
    for run_key in ("abandoned", "recent"):  # runs that stopped after scoring, before storing
        for batch in matching.generate_pairs(users, window, run_key):
            matching.score_batch(batch, None, run_key)
    old = datetime.now(UTC) - timedelta(hours=matching.settings.matching_staging_max_age_h + 1)
    with store.begin() as connection:
        for table in (staged_candidates, staged_matches):
            connection.execute(update(table).where(table.c.run_key == "abandoned").values(staged_at=old))
        connection.execute(  # a row staged before staged rows were dated
            update(staged_matches)
            .where(staged_matches.c.run_key == "recent", staged_matches.c.user_id == "bo")
            .values(run_key="undated", staged_at=None)
        )

    summary = _run(matching, "current")

    assert summary["matches_written"] == 3, "the storing run's own rows are stored before any cleanup"
    assert {r["run_key"] for r in _staged(store, staged_candidates)} == {"recent"}
    assert sorted((r["run_key"], r["user_id"]) for r in _staged(store)) == [
        ("recent", "ana"),
        ("recent", "ana"),
    ]
