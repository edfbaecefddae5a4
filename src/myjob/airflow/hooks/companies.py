"""Airflow hook for The Companies API: turns the ``companies_api`` connection into a client.

The connection is read only in ``get_conn()``. The token may sit in the password or in the
extra field ``api_token``.
"""

from __future__ import annotations

from airflow.sdk import BaseHook

from myjob.airflow.hooks.connection import connection_endpoint, connection_secret
from myjob.config import ConnectionIds, Settings, get_settings
from myjob.services.companies import COMPANIES_API_URL, CompaniesApiClient


class CompaniesApiHook(BaseHook):
    """Builds the Companies API client from a connection, with timeouts and retries from the settings."""

    conn_name_attr = "companies_api_conn_id"
    default_conn_name = ConnectionIds.COMPANIES_API
    conn_type = "http"
    hook_name = "The Companies API"

    def __init__(
        self, companies_api_conn_id: str = default_conn_name, settings: Settings | None = None
    ) -> None:
        super().__init__()
        self.companies_api_conn_id = companies_api_conn_id
        self._settings = settings
        self._client: CompaniesApiClient | None = None

    def get_conn(self) -> CompaniesApiClient:
        if self._client is None:
            conn = self.get_connection(self.companies_api_conn_id)
            settings = self._settings or get_settings()
            self._client = CompaniesApiClient(
                connection_secret(conn, "api_token"),
                base_url=connection_endpoint(conn, COMPANIES_API_URL),
                timeout_s=settings.http_timeout_s,
                max_retries=settings.http_max_retries,
            )
        return self._client
