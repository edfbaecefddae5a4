from __future__ import annotations

from datetime import UTC, datetime

from myjob.models import Job
from myjob.store import SqlStore
from myjob.store.jobs import JobRepository
from myjob.store.runs import RunSummaryRepository

SEEN = datetime(2026, 12, 1, 10, tzinfo=UTC)


def make_job(job_id: str = "a" * 64, **changes: object) -> Job:
    fields: dict[str, object] = {
        "job_id": job_id,
        "title": "Data Engineer",
        "company": "Contoso",
        "company_normalized": "contoso",
        "location": "Seattle, WA",
        "description": "Build pipelines.",
        "content_hash": "h" * 64,
        "first_seen_at": SEEN,
        "last_seen_at": SEEN,
    }
    fields.update(changes)
    return Job.model_validate(fields)


def test_save_counts_inserted_changed_unchanged(store: SqlStore) -> None:
    repository = JobRepository(store)
    assert repository.save([make_job()]).inserted == 1
    again = repository.save([make_job()])
    assert (again.inserted, again.changed, again.unchanged) == (0, 0, 1)
    edited = repository.save([make_job(description="Build better pipelines.")])
    assert edited.changed == 1
    assert repository.get(["a" * 64])["a" * 64].description == "Build better pipelines."
    assert repository.count() == 1


def test_first_seen_is_kept_when_a_job_is_seen_again(store: SqlStore) -> None:
    repository = JobRepository(store)
    repository.save([make_job()])
    later = datetime(2026, 12, 2, 10, tzinfo=UTC)
    repository.save([make_job(first_seen_at=later, last_seen_at=later)])
    (job,) = repository.live_jobs()
    assert job.last_seen_at == later
    assert repository.live_jobs(since=datetime(2026, 12, 3, tzinfo=UTC)) == []


def test_raw_postings_of_a_retried_batch_replace_the_first_attempt(store: SqlStore) -> None:
    repository = JobRepository(store)
    repository.replace_raw_postings("run1", "b1", [{"n": 1}, {"n": 2}, {"n": 3}], SEEN)
    repository.replace_raw_postings("run1", "b1", [{"n": 4}], SEEN)
    repository.replace_raw_postings("run1", "b2", [{"n": 5}], SEEN)
    assert repository.raw_postings("run1") == [("b1", {"n": 4}), ("b2", {"n": 5})]
    assert repository.raw_postings("run2") == []


def test_staging_round_trip_and_restage(store: SqlStore) -> None:
    repository = JobRepository(store)
    new, update = make_job("a" * 64), make_job("b" * 64)
    repository.stage("run1", [new], [update], {"a" * 64: 2})
    assert [(kind, job.job_id) for kind, job in repository.staged("run1")] == [
        ("new", "a" * 64),
        ("update", "b" * 64),
    ]
    repository.restage("run1", [new.model_copy(update={"company_info": {"industry": "Software"}})])
    staged = dict((job.job_id, job) for _kind, job in repository.staged("run1"))
    assert staged["a" * 64].company_info == {"industry": "Software"}
    repository.stage("run1", [], [], {})
    assert repository.staged("run1") == []


def test_batches_and_summaries(store: SqlStore) -> None:
    repository = JobRepository(store)
    repository.record_batch("run1", "b1", query="q", location="l", status="running")
    repository.record_batch("run1", "b1", query="q", location="l", status="failed", error="boom")
    (batch,) = repository.batches("run1")
    assert (batch.status, batch.error) == ("failed", "boom")
    runs = RunSummaryRepository(store)
    assert runs.last("job_scraping_daily") is None
    runs.save("job_scraping_daily", "run1", {"new_jobs": 3})
    runs.save("job_scraping_daily", "run1", {"new_jobs": 4})
    runs.save("job_matching_batch", "run1", {"complete": True})
    assert runs.last("job_scraping_daily") == {"new_jobs": 4}
    assert runs.newest_first("job_scraping_daily") == [{"new_jobs": 4}]
    assert runs.get("job_matching_batch", "run1") == {"complete": True}
    assert runs.get("job_matching_batch", "run2") is None
