"""Run summaries: what each pipeline run did, kept per (dag_id, run key) for reports and watermarks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from myjob.store.sql import SqlStore, utcnow
from myjob.store.tables import run_summaries


class RunSummaryRepository:
    """One summary per run; writing the same run again replaces it, so a rerun leaves one row."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def save(self, dag_id: str, run_key: str, summary: dict[str, Any]) -> None:
        row = {"dag_id": dag_id, "run_key": run_key, "summary": summary, "updated_at": utcnow()}
        self.store.upsert(run_summaries, [row])

    def get(self, dag_id: str, run_key: str) -> dict[str, Any] | None:
        with self.store.begin() as connection:
            found = connection.execute(
                select(run_summaries.c.summary).where(
                    run_summaries.c.dag_id == dag_id, run_summaries.c.run_key == run_key
                )
            ).scalar()
        return dict(found) if found else None

    def newest_first(self, dag_id: str) -> list[dict[str, Any]]:
        with self.store.begin() as connection:
            rows = connection.execute(
                select(run_summaries.c.summary)
                .where(run_summaries.c.dag_id == dag_id)
                .order_by(run_summaries.c.updated_at.desc(), run_summaries.c.run_key.desc())
            ).scalars()
            return [dict(summary) for summary in rows]

    def last(self, dag_id: str) -> dict[str, Any] | None:
        return next(iter(self.newest_first(dag_id)), None)
