"""Defaults every MyJob DAG shares: owner, retries with backoff, and the failure notifier.

The DAG policy test in ``tests/dags`` checks that each DAG uses them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from myjob.airflow.notifiers.platform import PlatformNotifier
from myjob.config import get_settings

OWNER = "data-team"
TIMEZONE = "America/Los_Angeles"


def default_args(**overrides: Any) -> dict[str, Any]:
    """``default_args`` for a MyJob DAG; tasks that must not retry pass ``retries=0`` themselves.

    Retries come from ``MYJOB_TASK_RETRIES`` (an environment value, read without I/O), so a test or
    a debugging session can turn them off without editing DAG files.
    """
    args: dict[str, Any] = {
        "owner": OWNER,
        "depends_on_past": False,
        "retries": get_settings().task_retries,
        "retry_delay": timedelta(minutes=1),
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": timedelta(minutes=30),
        "on_failure_callback": [PlatformNotifier(event="task_failed")],
    }
    args.update(overrides)
    return args
