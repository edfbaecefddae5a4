"""The steps of job_scraping_daily, as plain functions over the store and the service interfaces.

Each step reads what the previous one left in the store under the run's key and writes its own
result there, so a step can be retried alone and any step can run on another worker. The DAG in
``dags/job_scraping_daily.py`` only wires these together.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from myjob.jobs.dedup import deduplicate
from myjob.jobs.normalize import InvalidPosting, normalize_posting
from myjob.models import Job
from myjob.services.companies import CompanyLookup
from myjob.services.serpapi import JobSearch
from myjob.skills import SkillExtractor
from myjob.store.jobs import JobRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchCombination:
    query: str
    location: str

    @property
    def batch_key(self) -> str:
        """Readable and unique: the slug of both parts plus a short hash against slug collisions."""
        slug = re.sub(r"[^a-z0-9]+", "-", f"{self.query}--{self.location}".lower()).strip("-")[:160]
        digest = hashlib.sha256(f"{self.query}\x00{self.location}".encode()).hexdigest()[:8]
        return f"{slug}-{digest}"


def search_combinations(queries: list[str], locations: list[str]) -> list[SearchCombination]:
    """Every (query, location) pair once, in a stable order; blank or repeated entries dropped."""
    unique_queries = list(dict.fromkeys(q.strip() for q in queries if q.strip()))
    unique_locations = list(dict.fromkeys(loc.strip() for loc in locations if loc.strip()))
    return [SearchCombination(q, loc) for q in unique_queries for loc in unique_locations]


@dataclass(frozen=True)
class BatchOutcome:
    batch_key: str
    postings: int
    pages: int


def scrape_batch(
    search: JobSearch,
    repository: JobRepository,
    run_key: str,
    combination: SearchCombination,
    *,
    max_jobs: int,
    fetched_at: datetime,
) -> BatchOutcome:
    """Fetch one (query, location) and keep the raw postings; a failure is recorded, then raised."""
    key = combination.batch_key

    def record(status: str, *, pages: int = 0, postings: int = 0, error: str | None = None) -> None:
        repository.record_batch(
            run_key,
            key,
            query=combination.query,
            location=combination.location,
            status=status,
            pages=pages,
            postings=postings,
            error=error,
        )

    record("running")
    try:
        result = search.search(combination.query, combination.location, max_jobs)
    except Exception as error:
        record("failed", error=f"{type(error).__name__}: {error}")
        raise
    where = {"query": combination.query, "location": combination.location}
    items = [item | {"_search": where} for item in result.items]
    repository.replace_raw_postings(run_key, key, items, fetched_at)
    record("succeeded", pages=result.pages, postings=len(items))
    return BatchOutcome(batch_key=key, postings=len(items), pages=result.pages)


@dataclass
class DedupOutcome:
    fetched: int = 0
    repeated_listings: int = 0
    invalid: int = 0
    invalid_reasons: dict[str, int] = field(default_factory=dict)
    unique: int = 0
    new: int = 0
    updates: int = 0
    duplicates_merged: int = 0
    duplicates_by_reason: dict[str, int] = field(default_factory=dict)


def deduplicate_run(
    repository: JobRepository, run_key: str, *, fetched_at: datetime, retention_days: int
) -> DedupOutcome:
    """Normalize what every successful batch fetched, merge duplicates, and stage the result.

    Batches that failed contributed nothing to the staging area, so the others' postings go on.
    Duplicates are merged into the job they copy (within the run or already stored), never dropped.
    """
    outcome = DedupOutcome()
    reasons: Counter[str] = Counter()
    batch: list[Job] = []
    listings_seen: set[str] = set()
    for _batch_key, payload in repository.raw_postings(run_key):
        outcome.fetched += 1
        search = payload.get("_search", {})
        item = {k: v for k, v in payload.items() if k != "_search"}
        listing = item.get("job_id")
        if isinstance(listing, str) and listing:
            # The same listing found by several searches is one posting, not a duplicate of itself.
            if listing in listings_seen:
                outcome.repeated_listings += 1
                continue
            listings_seen.add(listing)
        try:
            job = normalize_posting(
                item, query=search.get("query"), search_location=search.get("location"), fetched_at=fetched_at
            )
        except InvalidPosting as error:
            reasons[str(error)] += 1
            log.warning("posting %s skipped: %s", item.get("job_id", "?")[:40], error)
            continue
        batch.append(job)
    existing = repository.live_jobs(since=fetched_at - timedelta(days=retention_days))
    result = deduplicate(batch, existing)
    duplicates_per_job = Counter(link.kept_job_id for link in result.links)
    repository.stage(run_key, result.unique, result.updates, dict(duplicates_per_job))
    outcome.invalid = sum(reasons.values())
    outcome.invalid_reasons = dict(reasons)
    outcome.new = len(result.unique)
    outcome.updates = len(result.updates)
    outcome.unique = outcome.new + outcome.updates
    outcome.duplicates_merged = len(result.links)
    outcome.duplicates_by_reason = dict(Counter(link.reason for link in result.links))
    return outcome


@dataclass
class EnhanceOutcome:
    jobs: int = 0
    companies_enriched: int = 0
    companies_unknown: int = 0
    lookup_errors: int = 0
    jobs_with_skills: int = 0


def job_text(job: Job) -> str:
    """Title, description and highlights: the text skills are read from."""
    highlights = " ".join(item for items in job.highlights.values() for item in items)
    return f"{job.title}\n{job.description}\n{highlights}"


def enhance_run(
    repository: JobRepository, run_key: str, companies: CompanyLookup, skills: SkillExtractor
) -> EnhanceOutcome:
    """Attach company facts and canonical skill ids to the staged jobs.

    A failed company lookup leaves that job without company facts; the others still get theirs.
    """
    outcome = EnhanceOutcome()
    enhanced: list[Job] = []
    for _kind, job in repository.staged(run_key):
        outcome.jobs += 1
        update: dict[str, Any] = {"skills": skills.canonical_ids(job_text(job))}
        outcome.jobs_with_skills += bool(update["skills"])
        try:
            info = companies.lookup(job.company)
        except Exception as error:  # one company's failure must not cost the others their facts
            outcome.lookup_errors += 1
            log.warning("company lookup failed for job %s: %s", job.job_id[:12], error)
        else:
            if info is None:
                outcome.companies_unknown += 1
            else:
                outcome.companies_enriched += 1
                update["company_info"] = info.model_dump(mode="json")
        enhanced.append(job.model_copy(update=update))
    repository.restage(run_key, enhanced)
    return outcome


@dataclass
class StoreOutcome:
    inserted: int = 0
    changed: int = 0
    unchanged: int = 0


def store_run(repository: JobRepository, run_key: str) -> StoreOutcome:
    """Write the staged jobs; unchanged ones are not rewritten, so a rerun changes no row."""
    staged = [job for _kind, job in repository.staged(run_key)]
    counts = repository.save(staged)
    return StoreOutcome(inserted=counts.inserted, changed=counts.changed, unchanged=counts.unchanged)


def run_summary(
    repository: JobRepository,
    run_key: str,
    *,
    dedup: dict[str, Any] | None,
    enhance: dict[str, Any] | None,
    stored: dict[str, Any] | None,
    seconds: float,
) -> dict[str, Any]:
    """The figures an operator wants after a run, from the store and the steps' own outcomes."""
    batches = repository.batches(run_key)
    failed = [b for b in batches if b.status != "succeeded"]
    dedup_outcome = dedup or asdict(DedupOutcome())
    return {
        "run_key": run_key,
        "batches": len(batches),
        "failed_batches": len(failed),
        "failed_batch_errors": {b.batch_key: b.error or b.status for b in failed},
        "pages": sum(b.pages for b in batches),
        "postings_fetched": dedup_outcome["fetched"],
        "repeated_listings": dedup_outcome["repeated_listings"],
        "invalid_postings": dedup_outcome["invalid"],
        "unique_jobs": dedup_outcome["unique"],
        "new_jobs": (stored or {}).get("inserted", 0),
        "updated_jobs": (stored or {}).get("changed", 0),
        "duplicates_merged": dedup_outcome["duplicates_merged"],
        "duplicates_by_reason": dedup_outcome["duplicates_by_reason"],
        "companies_enriched": (enhance or {}).get("companies_enriched", 0),
        "seconds": round(seconds, 1),
    }


def format_summary(summary: dict[str, Any]) -> str:
    """The summary as the few lines a Slack message or e-mail carries."""
    lines = [
        f"Postings fetched: {summary['postings_fetched']}"
        f" ({summary['pages']} pages, {summary['batches']} searches;"
        f" {summary['repeated_listings']} were listings already found by another search)",
        f"New jobs: {summary['new_jobs']}, updated: {summary['updated_jobs']}",
        f"Duplicates merged: {summary['duplicates_merged']}",
        f"Companies enriched: {summary['companies_enriched']}",
        f"Invalid postings: {summary['invalid_postings']}",
        f"Failed batches: {summary['failed_batches']}",
        f"Time taken: {summary['seconds']} s",
    ]
    lines += [f"  failed: {key}: {error}" for key, error in summary["failed_batch_errors"].items()]
    if summary.get("unfinished_steps"):
        lines.append("Steps that did not finish: " + ", ".join(summary["unfinished_steps"]))
    return "\n".join(lines)
