"""``myjob scraping`` commands: the last run's summary, and jobs exported as schema.org JSON-LD."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from rich.table import Table

from myjob.cli.charts import bar_chart
from myjob.config import get_settings
from myjob.errors import UserError
from myjob.store import open_store
from myjob.store.jobs import JobRepository
from myjob.store.runs import RunSummaryRepository

SCRAPING_DAG = "job_scraping_daily"


def register(subparsers: argparse._SubParsersAction) -> None:
    summary = subparsers.add_parser("scraping-summary", help="the last job_scraping_daily run, summarized")
    summary.set_defaults(handler=lambda _args: print_last_scraping_summary())

    export = subparsers.add_parser("export-jobs", help="stored jobs as schema.org JobPosting JSON-LD")
    export.add_argument("output", type=Path, help="file to write (a JSON array)")
    export.set_defaults(handler=run_export_jobs)


def _repository() -> JobRepository:
    return JobRepository(open_store(get_settings().resolved_store_url))


def print_last_scraping_summary() -> int:
    from myjob.cli import console

    repository = _repository()
    summary = RunSummaryRepository(repository.store).last(SCRAPING_DAG)
    if summary is None:
        raise UserError(
            "no job_scraping_daily run has finished yet", hint="run `make demo` or trigger the DAG"
        )
    table = Table(title=f"job_scraping_daily run {summary['run_key']}", show_header=False)
    rows = [
        ("postings fetched", summary["postings_fetched"]),
        ("  found by several searches", summary["repeated_listings"]),
        ("new jobs", summary["new_jobs"]),
        ("updated jobs", summary["updated_jobs"]),
        ("duplicates merged", summary["duplicates_merged"]),
        ("companies enriched", summary["companies_enriched"]),
        ("invalid postings", summary["invalid_postings"]),
        ("failed batches", f"{summary['failed_batches']} of {summary['batches']}"),
        ("time taken", f"{summary['seconds']} s"),
        ("jobs in the store", repository.count()),
    ]
    for label, value in rows:
        table.add_row(label, str(value))
    console.print(table)
    if summary["duplicates_by_reason"]:
        console.print(bar_chart("Duplicates merged, by how they were found", summary["duplicates_by_reason"]))
    per_query = Counter[str]()
    for batch in repository.batches(summary["run_key"]):
        per_query[batch.query] += batch.postings
    if per_query:
        console.print(bar_chart("Postings fetched, by search query", dict(per_query.most_common())))
    return 0


def run_export_jobs(args: argparse.Namespace) -> int:
    from myjob.cli import console
    from myjob.jobs.jsonld import job_to_jsonld

    jobs = _repository().live_jobs()
    documents = [job_to_jsonld(job) for job in jobs]
    try:
        args.output.write_text(json.dumps(documents, indent=2, ensure_ascii=False), encoding="utf-8")
    except OSError as error:
        raise UserError(
            f"cannot write {args.output}: {error.strerror}", hint="choose a writable path"
        ) from error
    console.print(f"wrote {len(documents)} JobPosting documents to {args.output}")
    return 0
