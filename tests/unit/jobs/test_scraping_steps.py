"""The scraping pipeline's steps over a real SQLite store, with fake search and company services."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from myjob.errors import TransientServiceError
from myjob.jobs.scraping import (
    SearchCombination,
    deduplicate_run,
    enhance_run,
    format_summary,
    run_summary,
    scrape_batch,
    search_combinations,
    store_run,
)
from myjob.services.companies import CompanyInfo
from myjob.services.serpapi import SearchResult
from myjob.skills import default_extractor
from myjob.store import open_store
from myjob.store.jobs import JobRepository

FETCHED = datetime(2026, 12, 1, 10, tzinfo=UTC)
RUN = "20261201T100000Z"


def posting(n: int, company: str = "Contoso", location: str = "Seattle, WA", **extra: Any) -> dict[str, Any]:
    words = " ".join(f"distinct{n}word{i}" for i in range(40))
    return {
        "title": f"Data Engineer {n}",
        "company_name": company,
        "location": location,
        "via": "LinkedIn",
        "description": f"Build pipelines in Python and SQL with Apache Airflow. {words}",
        "detected_extensions": {"posted_at": "2 days ago", "schedule_type": "Full-time"},
        "extensions": ["2 days ago", "Full-time"],
        "apply_options": [{"title": "LinkedIn", "link": f"https://example.com/apply/{n}"}],
        "job_id": f"job-{n}",
    } | extra


class FakeSearch:
    def __init__(self, results: dict[str, list[dict[str, Any]]], failing: set[str] = frozenset()) -> None:
        self.results = results
        self.failing = failing

    def health(self) -> None:
        return None

    def search(self, query: str, location: str, max_jobs: int) -> SearchResult:
        if query in self.failing:
            raise TransientServiceError(f"SerpAPI answered 503 for {query!r}")
        items = self.results.get(query, [])[:max_jobs]
        return SearchResult(query=query, location=location, items=items, pages=1 if items else 0)


class FakeCompanies:
    def __init__(self, broken: set[str] = frozenset()) -> None:
        self.broken = broken

    def lookup(self, name: str) -> CompanyInfo | None:
        if name in self.broken:
            raise TransientServiceError("companies API timed out")
        if name == "Contoso":
            return CompanyInfo(name="Contoso", industry="Software", source="directory")
        return None


@pytest.fixture
def repository(tmp_path: Path) -> JobRepository:
    return JobRepository(open_store(f"sqlite:///{tmp_path / 'store.db'}"))


def test_search_combinations_are_unique_and_keys_distinct() -> None:
    combos = search_combinations(
        ["data engineer", " data engineer ", "", "SRE"], ["Austin, Texas", "Austin, Texas"]
    )
    assert [(c.query, c.location) for c in combos] == [
        ("data engineer", "Austin, Texas"),
        ("SRE", "Austin, Texas"),
    ]
    keys = {c.batch_key for c in search_combinations(["a b", "a-b"], ["x"])}
    assert len(keys) == 2, "queries that slug alike must still get distinct batch keys"


def scrape_all(repository: JobRepository, search: FakeSearch, queries: list[str]) -> list[str]:
    failed = []
    for combo in search_combinations(queries, ["Seattle, WA"]):
        try:
            scrape_batch(search, repository, RUN, combo, max_jobs=50, fetched_at=FETCHED)
        except TransientServiceError:
            failed.append(combo.query)
    return failed


def test_a_failed_batch_is_recorded_and_the_others_are_kept(repository: JobRepository) -> None:
    search = FakeSearch({"a": [posting(1), posting(2)], "c": [posting(3)]}, failing={"b"})
    assert scrape_all(repository, search, ["a", "b", "c"]) == ["b"]
    outcome = deduplicate_run(repository, RUN, fetched_at=FETCHED, retention_days=30)
    assert (outcome.fetched, outcome.new) == (3, 3)
    summary = run_summary(repository, RUN, dedup=vars(outcome), enhance=None, stored=None, seconds=1.0)
    assert summary["failed_batches"] == 1
    assert "503" in next(iter(summary["failed_batch_errors"].values()))


def test_invalid_postings_are_counted_with_their_reason(repository: JobRepository) -> None:
    search = FakeSearch({"a": [posting(1), posting(2, title=""), {"job_id": "junk"}]})
    scrape_all(repository, search, ["a"])
    outcome = deduplicate_run(repository, RUN, fetched_at=FETCHED, retention_days=30)
    assert outcome.new == 1
    assert outcome.invalid == 2
    assert sum(outcome.invalid_reasons.values()) == 2


def test_duplicates_are_merged_not_dropped(repository: JobRepository) -> None:
    copy = posting(
        1,
        via="Indeed",
        job_id="job-1-indeed",
        apply_options=[{"title": "Indeed", "link": "https://example.com/indeed/1"}],
    )
    scrape_all(repository, FakeSearch({"a": [posting(1)], "b": [copy]}), ["a", "b"])
    outcome = deduplicate_run(repository, RUN, fetched_at=FETCHED, retention_days=30)
    assert (outcome.new, outcome.duplicates_merged) == (1, 1)
    ((_kind, job),) = repository.staged(RUN)
    assert {link.url for link in job.apply_links} >= {
        "https://example.com/apply/1",
        "https://example.com/indeed/1",
    }


def test_enhance_survives_a_failing_company_lookup(repository: JobRepository) -> None:
    search = FakeSearch(
        {"a": [posting(1), posting(2, company="Fabrikam"), posting(3, company="Broken Corp")]}
    )
    scrape_all(repository, search, ["a"])
    deduplicate_run(repository, RUN, fetched_at=FETCHED, retention_days=30)
    outcome = enhance_run(repository, RUN, FakeCompanies(broken={"Broken Corp"}), default_extractor())
    assert (outcome.jobs, outcome.companies_enriched, outcome.companies_unknown, outcome.lookup_errors) == (
        3,
        1,
        1,
        1,
    )
    staged = {job.company: job for _kind, job in repository.staged(RUN)}
    assert staged["Contoso"].company_info == CompanyInfo(
        name="Contoso", industry="Software", source="directory"
    ).model_dump(mode="json")
    assert all(job.skills for job in staged.values()), "Python, SQL and Airflow are in every description"


def test_store_is_idempotent_and_a_later_run_merges_into_stored_jobs(repository: JobRepository) -> None:
    scrape_all(repository, FakeSearch({"a": [posting(1), posting(2)]}), ["a"])
    deduplicate_run(repository, RUN, fetched_at=FETCHED, retention_days=30)
    first = store_run(repository, RUN)
    assert (first.inserted, first.changed) == (2, 0)
    again = store_run(repository, RUN)
    assert (again.inserted, again.changed, again.unchanged) == (0, 0, 2)

    later, later_run = datetime(2026, 12, 2, 10, tzinfo=UTC), "20261202T100000Z"
    repost = posting(1, via="Glassdoor", job_id="job-1-glassdoor")
    scrape_batch(
        FakeSearch({"a": [repost]}),
        repository,
        later_run,
        SearchCombination("a", "Seattle, WA"),
        max_jobs=50,
        fetched_at=later,
    )
    outcome = deduplicate_run(repository, later_run, fetched_at=later, retention_days=30)
    assert (outcome.new, outcome.updates) == (0, 1)
    stored = store_run(repository, later_run)
    assert (stored.inserted, stored.changed) == (0, 1)
    assert repository.count() == 2


def test_summary_text_names_every_figure(repository: JobRepository) -> None:
    summary = run_summary(repository, RUN, dedup=None, enhance=None, stored=None, seconds=2.5)
    text = format_summary(summary)
    for figure in (
        "Postings fetched",
        "New jobs",
        "Duplicates merged",
        "Companies enriched",
        "Failed batches",
        "Time taken: 2.5 s",
    ):
        assert figure in text


def test_a_listing_found_by_several_searches_counts_once(repository: JobRepository) -> None:
    scrape_all(
        repository, FakeSearch({"a": [posting(1)], "b": [posting(1)], "c": [posting(2)]}), ["a", "b", "c"]
    )
    outcome = deduplicate_run(repository, RUN, fetched_at=FETCHED, retention_days=30)
    assert (outcome.fetched, outcome.repeated_listings, outcome.new, outcome.duplicates_merged) == (
        3,
        1,
        2,
        0,
    )
