"""Platform set-up commands: ``myjob init``, ``myjob pools`` and ``myjob demo``."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from myjob.config import Pools, get_settings
from myjob.errors import UserError
from myjob.store import open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    init = subparsers.add_parser("init", help="create or upgrade the store's schema")
    init.set_defaults(handler=run_init)

    pools = subparsers.add_parser("pools", help="the Airflow pools the DAGs use")
    pools.add_argument("--json", action="store_true", help="as `airflow pools import` reads them")
    pools.set_defaults(handler=run_pools)

    demo = subparsers.add_parser("demo", help="run the pipelines on embedded defaults and summarize")
    demo.add_argument("--date", help="logical date of the runs (default: now)")
    demo.set_defaults(handler=run_demo)


def run_init(_args: argparse.Namespace) -> int:
    from myjob.cli import console

    settings = get_settings()
    store = open_store(settings.resolved_store_url)
    console.print(f"store ready: {store.engine.url.render_as_string(hide_password=True)}")
    return 0


def pools_document() -> dict[str, dict[str, object]]:
    return {
        name: {"slots": slots, "description": description, "include_deferred": False}
        for name, (slots, description) in Pools.ALL.items()
    }


def run_pools(args: argparse.Namespace) -> int:
    from myjob.cli import console

    if args.json:
        print(json.dumps(pools_document(), indent=2))
    else:
        for name, (slots, description) in Pools.ALL.items():
            console.print(f"{name:20} {slots:3}  {description}")
    return 0


@dataclass(frozen=True)
class DemoStep:
    """One pipeline the demo runs with ``airflow dags test``, then reports on."""

    dag_id: str
    report: Callable[[], object]
    prepare: Callable[[], None] | None = None


def demo_steps() -> list[DemoStep]:
    """The pipelines in the order data flows: jobs, then resumes, then matches between them."""
    from myjob.cli.matching import print_matching_summary
    from myjob.cli.resumes import prepare_demo_uploads, print_resume_summary
    from myjob.cli.scraping import print_last_scraping_summary

    return [
        DemoStep("job_scraping_daily", print_last_scraping_summary),
        DemoStep("resume_processing", print_resume_summary, prepare=prepare_demo_uploads),
        DemoStep("job_matching_batch", print_matching_summary),
    ]


def run_dags_test(dag_id: str, logical_date: str, log_dir: Path) -> float:
    """``airflow dags test`` in a child process, its log kept in a file; the seconds it took."""
    from myjob.cli import console

    airflow = shutil.which("airflow")
    if airflow is None:
        raise UserError("the `airflow` command is not on PATH", hint="run `make demo` from the checkout")
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{dag_id}.log"
    started = time.monotonic()
    with console.status(f"running {dag_id} with `airflow dags test` ..."), log_path.open("w") as log:
        completed = subprocess.run(  # noqa: S603 - fixed argv, no shell
            [airflow, "dags", "test", dag_id, logical_date],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=os.environ.copy(),
            check=False,
        )
    elapsed = time.monotonic() - started
    if completed.returncode != 0:
        raise UserError(f"{dag_id} failed (exit {completed.returncode})", hint=f"read the log in {log_path}")
    console.print(f"[green]{dag_id}[/] finished in {elapsed:.1f} s (log: {log_path})")
    return elapsed


def run_demo(args: argparse.Namespace) -> int:
    settings = get_settings()
    open_store(settings.resolved_store_url)
    logical_date = args.date or datetime.now(UTC).replace(microsecond=0).isoformat()
    for step in demo_steps():
        if step.prepare:
            step.prepare()
        run_dags_test(step.dag_id, logical_date, settings.home / "demo-logs")
        step.report()
    return 0
