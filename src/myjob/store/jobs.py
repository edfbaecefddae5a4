"""Reads and writes of job postings, their raw pages, staging and scrape batches."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select

from myjob.models import Job
from myjob.store.sql import SqlStore, utcnow
from myjob.store.tables import jobs, raw_postings, scrape_batches, staged_jobs


@dataclass(frozen=True)
class BatchRecord:
    batch_key: str
    query: str
    location: str
    status: str
    pages: int
    postings: int
    error: str | None


@dataclass(frozen=True)
class WriteCounts:
    """What a write did: rows inserted, rows whose content changed, rows left as they were."""

    inserted: int
    changed: int
    unchanged: int


class JobRepository:
    """Job rows keyed by fingerprint; writes compare before they write, so a rerun changes nothing."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store

    # --- scrape batches and raw pages -------------------------------------------------------------

    def record_batch(
        self,
        run_key: str,
        batch_key: str,
        *,
        query: str,
        location: str,
        status: str,
        pages: int = 0,
        postings: int = 0,
        error: str | None = None,
    ) -> None:
        row = {
            "run_key": run_key,
            "batch_key": batch_key,
            "query": query,
            "location": location,
            "status": status,
            "pages": pages,
            "postings": postings,
            "error": error,
            "updated_at": utcnow(),
        }
        self.store.upsert(scrape_batches, [row])

    def batches(self, run_key: str) -> list[BatchRecord]:
        with self.store.begin() as connection:
            rows = connection.execute(
                select(scrape_batches)
                .where(scrape_batches.c.run_key == run_key)
                .order_by(scrape_batches.c.batch_key)
            ).mappings()
            return [
                BatchRecord(
                    batch_key=r["batch_key"],
                    query=r["query"],
                    location=r["location"],
                    status=r["status"],
                    pages=r["pages"],
                    postings=r["postings"],
                    error=r["error"],
                )
                for r in rows
            ]

    def replace_raw_postings(
        self, run_key: str, batch_key: str, items: Sequence[dict[str, Any]], fetched_at: datetime
    ) -> None:
        """The batch's postings as fetched; a retry replaces what an earlier attempt wrote."""
        with self.store.begin() as connection:
            connection.execute(
                delete(raw_postings).where(
                    (raw_postings.c.run_key == run_key) & (raw_postings.c.batch_key == batch_key)
                )
            )
            rows = [
                {
                    "run_key": run_key,
                    "batch_key": batch_key,
                    "position": i,
                    "payload": item,
                    "fetched_at": fetched_at,
                }
                for i, item in enumerate(items)
            ]
            self.store.upsert(raw_postings, rows, connection=connection)

    def raw_postings(self, run_key: str) -> list[tuple[str, dict[str, Any]]]:
        """(batch_key, payload) of every posting the run fetched, in a stable order."""
        with self.store.begin() as connection:
            rows = connection.execute(
                select(raw_postings.c.batch_key, raw_postings.c.payload)
                .where(raw_postings.c.run_key == run_key)
                .order_by(raw_postings.c.batch_key, raw_postings.c.position)
            )
            return [(batch_key, payload) for batch_key, payload in rows]

    # --- staging between deduplicate, enhance and store --------------------------------------------

    def stage(
        self, run_key: str, new: Iterable[Job], updates: Iterable[Job], duplicates: dict[str, int]
    ) -> None:
        rows = [
            {
                "run_key": run_key,
                "job_id": job.job_id,
                "kind": kind,
                "record": job.model_dump(mode="json"),
                "duplicates": duplicates.get(job.job_id, 0),
            }
            for kind, group in (("new", new), ("update", updates))
            for job in group
        ]
        with self.store.begin() as connection:
            connection.execute(delete(staged_jobs).where(staged_jobs.c.run_key == run_key))
            self.store.upsert(staged_jobs, rows, connection=connection)

    def staged(self, run_key: str) -> list[tuple[str, Job]]:
        """(kind, job) of what deduplication kept for the run."""
        with self.store.begin() as connection:
            rows = connection.execute(
                select(staged_jobs.c.kind, staged_jobs.c.record)
                .where(staged_jobs.c.run_key == run_key)
                .order_by(staged_jobs.c.job_id)
            )
            return [(kind, Job.model_validate(record)) for kind, record in rows]

    def restage(self, run_key: str, jobs_: Iterable[Job]) -> None:
        """Replace the staged records of these jobs (after enrichment), keeping kind and counts."""
        with self.store.begin() as connection:
            for job in jobs_:
                connection.execute(
                    staged_jobs.update()
                    .where((staged_jobs.c.run_key == run_key) & (staged_jobs.c.job_id == job.job_id))
                    .values(record=job.model_dump(mode="json"))
                )

    # --- jobs ------------------------------------------------------------------------------------

    def live_jobs(self, since: datetime | None = None) -> list[Job]:
        """Stored live jobs, optionally only those seen since ``since``: what new postings dedup against."""
        query = select(jobs.c.record).where(jobs.c.status == "live")
        if since is not None:
            query = query.where(jobs.c.last_seen_at >= since)
        with self.store.begin() as connection:
            return [
                Job.model_validate(record) for (record,) in connection.execute(query.order_by(jobs.c.job_id))
            ]

    def get(self, job_ids: Sequence[str]) -> dict[str, Job]:
        if not job_ids:
            return {}
        found: dict[str, Job] = {}
        with self.store.begin() as connection:
            for start in range(0, len(job_ids), 500):
                chunk = list(job_ids[start : start + 500])
                for job_id, record in connection.execute(
                    select(jobs.c.job_id, jobs.c.record).where(jobs.c.job_id.in_(chunk))
                ):
                    found[job_id] = Job.model_validate(record)
        return found

    def save(self, batch: Sequence[Job]) -> WriteCounts:
        """Upsert jobs; a job whose record is unchanged is not written at all."""
        stored = self.get([job.job_id for job in batch])
        now = utcnow()
        rows = []
        inserted = changed = 0
        for job in batch:
            previous = stored.get(job.job_id)
            if previous is not None and previous == job:
                continue
            if previous is None:
                inserted += 1
            else:
                changed += 1
            rows.append(_job_row(job, now))
        self.store.upsert(jobs, rows, preserve=("first_seen_at",))
        return WriteCounts(inserted=inserted, changed=changed, unchanged=len(batch) - inserted - changed)

    def count(self) -> int:
        with self.store.begin() as connection:
            return int(connection.execute(select(func.count()).select_from(jobs)).scalar_one())


def _job_row(job: Job, now: datetime) -> dict[str, Any]:
    first_seen = job.first_seen_at or now
    return {
        "job_id": job.job_id,
        "title": job.title,
        "company": job.company,
        "company_normalized": job.company_normalized,
        "location": job.location,
        "remote": job.remote,
        "posted_at": job.posted_at,
        "content_hash": job.content_hash,
        "status": "live",
        "record": job.model_dump(mode="json"),
        "first_seen_at": first_seen,
        "last_seen_at": job.last_seen_at or first_seen,
        "updated_at": now,
    }
