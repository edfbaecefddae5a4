"""End-of-run reports: the summary a person reads, sent on every configured channel, as metrics too."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from airflow.sdk.exceptions import AirflowFailException

from myjob.airflow import runtime
from myjob.airflow.metrics import publish
from myjob.airflow.notifiers.platform import deliver
from myjob.jobs.scraping import format_summary, run_summary
from myjob.services.outbox import Message
from myjob.store.jobs import JobRepository
from myjob.store.runs import RunSummaryRepository

SCRAPING_DAG = "job_scraping_daily"
STEPS = ("deduplicate_jobs", "enhance_job_data", "store_to_firestore")


def _run_seconds(context: Any) -> float:
    started = context["dag_run"].start_date
    return (datetime.now(UTC) - started).total_seconds() if started else 0.0


def report_scraping_run(context: Any) -> dict[str, Any]:
    """Summarize the run from what its steps returned; fail visibly if any search batch failed.

    The summary goes out first, so the postings the other batches fetched are reported and kept;
    then a failed batch turns the run red, which is what alerting and the UI look at.
    """
    ti = context["ti"]
    settings = runtime.load_settings()
    repository = JobRepository(runtime.store(settings))
    key = runtime.run_key(context)
    outcomes = {step: ti.xcom_pull(task_ids=step, default=None) for step in STEPS}
    summary = run_summary(
        repository,
        key,
        dedup=outcomes["deduplicate_jobs"],
        enhance=outcomes["enhance_job_data"],
        stored=outcomes["store_to_firestore"],
        seconds=_run_seconds(context),
    )
    summary["unfinished_steps"] = [step for step, outcome in outcomes.items() if outcome is None]
    RunSummaryRepository(repository.store).save(SCRAPING_DAG, key, summary)
    body = format_summary(summary)
    deliver(
        Message(subject=f"Job scraping {key}", body=body, kind="summary", key=f"{SCRAPING_DAG}-{key}"),
        context,
    )
    figures = {
        name: summary[name]
        for name in (
            "postings_fetched",
            "new_jobs",
            "updated_jobs",
            "duplicates_merged",
            "companies_enriched",
            "invalid_postings",
            "failed_batches",
            "seconds",
        )
    }
    publish("scraping", figures, {"dag_id": SCRAPING_DAG}, settings)
    if summary["unfinished_steps"]:
        raise AirflowFailException("steps that did not finish: " + ", ".join(summary["unfinished_steps"]))
    if summary["failed_batches"]:
        raise AirflowFailException(
            f"{summary['failed_batches']} of {summary['batches']} search batches failed; "
            "what the others fetched was stored. Failed: " + ", ".join(summary["failed_batch_errors"])
        )
    return summary
