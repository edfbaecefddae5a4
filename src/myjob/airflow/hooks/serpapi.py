"""Airflow hook for SerpAPI: turns the ``serpapi`` connection into a ``SerpApiClient``.

The connection is read only in ``get_conn()``, never at construction, so DAG parsing touches
no secrets backend. The key may sit in the password or in the extra field ``api_key``.
"""

from __future__ import annotations

from airflow.sdk import BaseHook

from myjob.airflow.hooks.connection import connection_endpoint, connection_secret
from myjob.config import ConnectionIds, Settings, get_settings
from myjob.services.serpapi import SERPAPI_URL, SerpApiClient


class SerpApiHook(BaseHook):
    """Builds the SerpAPI client from a connection, with timeouts and retries from the settings."""

    conn_name_attr = "serpapi_conn_id"
    default_conn_name = ConnectionIds.SERPAPI
    conn_type = "http"
    hook_name = "SerpAPI"

    def __init__(self, serpapi_conn_id: str = default_conn_name, settings: Settings | None = None) -> None:
        super().__init__()
        self.serpapi_conn_id = serpapi_conn_id
        self._settings = settings
        self._client: SerpApiClient | None = None

    def get_conn(self) -> SerpApiClient:
        if self._client is None:
            conn = self.get_connection(self.serpapi_conn_id)
            settings = self._settings or get_settings()
            self._client = SerpApiClient(
                connection_secret(conn, "api_key"),
                base_url=connection_endpoint(conn, SERPAPI_URL),
                timeout_s=settings.http_timeout_s,
                max_retries=settings.http_max_retries,
            )
        return self._client
