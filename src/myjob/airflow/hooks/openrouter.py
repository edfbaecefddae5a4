"""Airflow hook for OpenRouter: turns the ``openrouter`` connection into the judge's chat client.

The connection is read only in ``get_conn()``. The key sits in the password or in the extra
field ``api_key``; extra ``base_url`` (or host/schema/port) points the client elsewhere, which the
tests use for a local chat-completions server. No connection means no judge: ``chat_client``
returns None and the five cheap agents decide alone.
"""

from __future__ import annotations

from airflow.sdk import BaseHook

from myjob.airflow.hooks.connection import connection_endpoint, connection_secret
from myjob.airflow.notifiers.platform import connection_exists
from myjob.config import ConnectionIds, Settings, get_settings
from myjob.errors import UserError
from myjob.services.llm import OPENROUTER_BASE_URL, ChatClient, OpenRouterChat


class OpenRouterHook(BaseHook):
    conn_name_attr = "openrouter_conn_id"
    default_conn_name = ConnectionIds.OPENROUTER
    conn_type = "http"
    hook_name = "OpenRouter"

    def __init__(self, openrouter_conn_id: str = default_conn_name, settings: Settings | None = None) -> None:
        super().__init__()
        self.openrouter_conn_id = openrouter_conn_id
        self._settings = settings
        self._client: OpenRouterChat | None = None

    def get_conn(self) -> OpenRouterChat:
        if self._client is None:
            conn = self.get_connection(self.openrouter_conn_id)
            key = connection_secret(conn, "api_key")
            if not key:
                raise UserError(
                    f"connection {self.openrouter_conn_id!r} has no API key",
                    hint="put the OpenRouter key in the connection's password or in extra field api_key",
                )
            settings = self._settings or get_settings()
            endpoint = connection_endpoint(conn, OPENROUTER_BASE_URL)
            if endpoint.rstrip("/").endswith("openrouter.ai"):
                endpoint = OPENROUTER_BASE_URL
            self._client = OpenRouterChat(
                key,
                base_url=endpoint,
                timeout_s=settings.llm_timeout_s,
                max_attempts=settings.llm_max_attempts,
            )
        return self._client


def chat_client(settings: Settings) -> ChatClient | None:
    """OpenRouter when its connection exists; None (no judge) otherwise."""
    if connection_exists(ConnectionIds.OPENROUTER):
        return OpenRouterHook(settings=settings).get_conn()
    return None
