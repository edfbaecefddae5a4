"""job_scraping_daily: collect job postings, merge duplicates, enrich companies, store, report.

Runs at 2 AM Pacific on weekdays. Every step keeps its result in the MyJob store under the run's
key, so any task can be retried alone and a rerun of the same logical date changes nothing.
Searches go to SerpAPI when the ``serpapi`` connection exists, else to the recorded replay.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import CronTriggerTimetable, TriggerRule, dag, get_current_context, task

from myjob.airflow import runtime
from myjob.airflow.assets import JOBS
from myjob.airflow.defaults import TIMEZONE, default_args
from myjob.airflow.sensors.serpapi import JobSearchHealthSensor
from myjob.config import Pools


@dag(
    dag_id="job_scraping_daily",
    description="Daily job scraping: search, deduplicate, enrich, store, summarize",
    schedule=CronTriggerTimetable("0 2 * * 1-5", timezone=TIMEZONE),
    start_date=pendulum.datetime(2024, 1, 1, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    default_args=default_args(),
    tags=["production", "scraping"],
    doc_md=__doc__,
)
def job_scraping_daily() -> None:
    health = JobSearchHealthSensor(
        task_id="check_serpapi_health",
        poke_interval=30,
        timeout=300,
        mode="reschedule",
        retries=0,
    )

    @task
    def generate_search_combinations() -> list[dict[str, str]]:
        from myjob.jobs.scraping import search_combinations

        settings = runtime.load_settings()
        return [
            {"query": c.query, "location": c.location}
            for c in search_combinations(settings.queries, settings.locations)
        ]

    @task(
        pool=Pools.SCRAPING, map_index_template="{{ combination['query'] }} / {{ combination['location'] }}"
    )
    def scrape_jobs(combination: dict[str, str]) -> dict[str, Any]:
        from myjob.jobs.scraping import SearchCombination, scrape_batch
        from myjob.store.jobs import JobRepository

        context = get_current_context()
        settings = runtime.load_settings()
        outcome = scrape_batch(
            runtime.job_search(settings),
            JobRepository(runtime.store(settings)),
            runtime.run_key(context),
            SearchCombination(**combination),
            max_jobs=settings.max_jobs_per_query,
            fetched_at=runtime.run_moment(context),
        )
        return {"batch_key": outcome.batch_key, "postings": outcome.postings, "pages": outcome.pages}

    @task(trigger_rule=TriggerRule.ALL_DONE)
    def deduplicate_jobs() -> dict[str, Any]:
        from dataclasses import asdict

        from myjob.jobs.scraping import deduplicate_run
        from myjob.store.jobs import JobRepository

        context = get_current_context()
        settings = runtime.load_settings()
        outcome = deduplicate_run(
            JobRepository(runtime.store(settings)),
            runtime.run_key(context),
            fetched_at=runtime.run_moment(context),
            retention_days=settings.job_retention_days,
        )
        return asdict(outcome)

    @task
    def enhance_job_data() -> dict[str, Any]:
        from dataclasses import asdict

        from myjob.jobs.scraping import enhance_run
        from myjob.skills import default_extractor
        from myjob.store.jobs import JobRepository

        settings = runtime.load_settings()
        repository = JobRepository(runtime.store(settings))
        outcome = enhance_run(
            repository,
            runtime.run_key(get_current_context()),
            runtime.company_lookup(settings),
            default_extractor(),
        )
        return asdict(outcome)

    @task(outlets=[JOBS])
    def store_to_firestore() -> dict[str, Any]:
        """Writes to the configured store (the seed's task id is kept for continuity)."""
        from dataclasses import asdict

        from myjob.jobs.scraping import store_run
        from myjob.store.jobs import JobRepository

        settings = runtime.load_settings()
        outcome = store_run(JobRepository(runtime.store(settings)), runtime.run_key(get_current_context()))
        return asdict(outcome)

    @task(trigger_rule=TriggerRule.ALL_DONE, retries=0, execution_timeout=timedelta(minutes=10))
    def send_summary_report() -> dict[str, Any]:
        from myjob.airflow.reports import report_scraping_run

        return report_scraping_run(get_current_context())

    combinations = generate_search_combinations()
    scraped = scrape_jobs.expand(combination=combinations)
    health >> combinations
    deduped = deduplicate_jobs()
    scraped >> deduped
    enhanced = enhance_job_data()
    deduped >> enhanced
    stored = store_to_firestore()
    enhanced >> stored
    stored >> send_summary_report()


job_scraping_daily()
