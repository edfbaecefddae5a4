"""The whole replay corpus normalized and deduplicated, checked against its ground truth.

truth.json says which items are one job (same entity) and which look-alikes are not; every page of
every recorded search goes through normalize_posting and deduplicate exactly as in the pipeline.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest

from myjob.jobs.dedup import DedupResult, deduplicate
from myjob.jobs.normalize import normalize_posting
from myjob.models import Job

REPLAY = Path(__file__).resolve().parents[3] / "data" / "serpapi_replay"
FETCHED = datetime(2026, 1, 12, 14, 0, tzinfo=UTC)

pytestmark = pytest.mark.skipif(not (REPLAY / "truth.json").exists(), reason="replay corpus not built")


@pytest.fixture(scope="module")
def replay() -> tuple[list[Job], dict]:
    index = json.loads((REPLAY / "index.json").read_text(encoding="utf-8"))
    jobs = []
    for search in index["searches"]:
        for page in search["pages"]:
            for item in json.loads((REPLAY / page).read_text(encoding="utf-8")).get("jobs_results", []):
                jobs.append(
                    normalize_posting(
                        item, query=search["query"], search_location=search["location"], fetched_at=FETCHED
                    )
                )
    return jobs, json.loads((REPLAY / "truth.json").read_text(encoding="utf-8"))


def kept_job_of(result: DedupResult) -> dict[str, str]:
    """SerpAPI item id -> the job it ended in."""
    owner: dict[str, str] = {}
    for job in [*result.unique, *result.updates]:
        for source_id in job.source_job_ids:
            assert owner.setdefault(source_id, job.job_id) == job.job_id, "one item in two jobs"
    return owner


def check_against_truth(result: DedupResult, truth: dict) -> None:
    owner = kept_job_of(result)
    items = truth["items"]
    assert set(items) <= set(owner), "every item ends in a job"
    jobs_of_entity: dict[str, set[str]] = defaultdict(set)
    entities_of_job: dict[str, set[str]] = defaultdict(set)
    for item_id, facts in items.items():
        jobs_of_entity[facts["entity"]].add(owner[item_id])
        entities_of_job[owner[item_id]].add(facts["entity"])
    split = {entity: jobs for entity, jobs in jobs_of_entity.items() if len(jobs) > 1}
    merged = {job: entities for job, entities in entities_of_job.items() if len(entities) > 1}
    assert split == {}, "duplicates left apart"
    assert merged == {}, "different jobs merged"
    for duplicate in truth["duplicates"]:
        assert owner[duplicate["item"]] == owner[duplicate["duplicate_of"]], duplicate["kind"]
    for trap in truth["traps"]:
        assert owner[trap["item"]] != owner[trap["resembles"]], trap["why"] if "why" in trap else trap["kind"]


def test_replay_corpus_dedups_to_its_truth(replay: tuple[list[Job], dict]) -> None:
    jobs, truth = replay
    result = deduplicate(jobs)
    check_against_truth(result, truth)
    assert len(result.unique) == len({facts["entity"] for facts in truth["items"].values()})
    assert {link.reason for link in result.links} == {"exact", "near"}


def test_replay_corpus_rerun_against_the_store_adds_nothing(replay: tuple[list[Job], dict]) -> None:
    jobs, truth = replay
    stored = deduplicate(jobs).unique
    again = deduplicate(jobs, existing=stored)
    assert again.unique == []
    check_against_truth(DedupResult(unique=[], updates=again.updates, links=again.links), truth)
    assert sorted(again.updates, key=lambda j: j.job_id) == sorted(stored, key=lambda j: j.job_id)
