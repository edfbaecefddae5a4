"""The seed's ``SerpAPIOperator``, Airflow 3 style: one google_jobs search as a task."""

from __future__ import annotations

from typing import Any

from airflow.sdk import BaseOperator

from myjob.airflow.hooks.serpapi import SerpApiHook
from myjob.config import ConnectionIds


class SerpAPIOperator(BaseOperator):
    """Search google_jobs for ``query`` in ``location``; returns up to ``max_results`` raw job items.

    The hook is built in ``execute()`` only, so parsing a DAG that uses this operator reads no
    connection.
    """

    template_fields = ("query", "location")

    def __init__(
        self,
        *,
        query: str,
        location: str,
        max_results: int = 50,
        serpapi_conn_id: str = ConnectionIds.SERPAPI,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.query = query
        self.location = location
        self.max_results = max_results
        self.serpapi_conn_id = serpapi_conn_id

    def execute(self, context: Any) -> list[dict[str, Any]]:
        client = SerpApiHook(self.serpapi_conn_id).get_conn()
        result = client.search(self.query, self.location, self.max_results)
        self.log.info(
            "Found %d jobs in %d pages for %r in %r",
            len(result.items),
            result.pages,
            self.query,
            self.location,
        )
        return result.items
