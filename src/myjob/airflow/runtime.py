"""What a running task needs: settings with Airflow Variables applied, and the services to use.

Each factory picks the real client when its Airflow connection exists and the offline twin
otherwise (principle 3). Only tasks call these, never DAG files at parse time.
"""

from __future__ import annotations

import functools
from typing import Any

from airflow.sdk import BaseHook, Variable

from myjob.airflow.notifiers.platform import connection_exists
from myjob.config import ConnectionIds, Settings, get_settings
from myjob.store import SqlStore, open_store

SETTINGS_VARIABLE = "myjob_settings"


def load_settings() -> Settings:
    """Environment settings with the JSON object in Variable ``myjob_settings`` laid on top."""
    settings = get_settings()
    overrides: Any = Variable.get(SETTINGS_VARIABLE, default=None, deserialize_json=True)
    if not overrides:
        return settings
    if not isinstance(overrides, dict):
        raise ValueError(f"Variable {SETTINGS_VARIABLE} must hold a JSON object, not {type(overrides).__name__}")
    return settings.with_overrides(overrides)


def store_url(settings: Settings) -> str:
    """The store's URL: connection ``myjob_store`` when defined, else the settings' URL."""
    if connection_exists(ConnectionIds.STORE):
        uri = BaseHook.get_connection(ConnectionIds.STORE).get_uri()
        return uri.replace("postgres://", "postgresql://", 1)
    return settings.resolved_store_url


@functools.cache
def _open_store_once(url: str) -> SqlStore:
    return open_store(url)


def store(settings: Settings) -> SqlStore:
    """The configured store, migrated once per worker process."""
    return _open_store_once(store_url(settings))
