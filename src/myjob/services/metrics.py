"""The offline twin of Prometheus: metrics appended as JSON lines to a local file.

In production the same figures go out through Airflow's StatsD/OpenTelemetry ``Stats`` (see
``myjob.airflow.metrics``) and Prometheus scrapes them; the file is what a laptop has instead.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path


class MetricsFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def record(self, figures: Mapping[str, float], tags: Mapping[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        at = datetime.now(UTC).isoformat()
        with self.path.open("a", encoding="utf-8") as out:
            for name, value in figures.items():
                out.write(json.dumps({"at": at, "metric": name, "value": value, "tags": dict(tags)}) + "\n")
