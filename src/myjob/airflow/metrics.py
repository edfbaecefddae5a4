"""Publish a run's figures as metrics: Airflow ``Stats`` (StatsD/OpenTelemetry) and the local file."""

from __future__ import annotations

from collections.abc import Mapping

from airflow.sdk.observability.stats import Stats

from myjob.config import Settings
from myjob.services.metrics import MetricsFile


def publish(
    namespace: str, figures: Mapping[str, float], tags: Mapping[str, str], settings: Settings
) -> None:
    """Gauges named ``myjob.<namespace>.<figure>``; Stats is a no-op unless metrics are enabled."""
    named = {f"myjob.{namespace}.{name}": float(value) for name, value in figures.items()}
    for name, value in named.items():
        Stats.gauge(name, value, tags=dict(tags))
    MetricsFile(settings.metrics_file).record(named, tags)
