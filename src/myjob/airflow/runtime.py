"""What a running task needs: settings with Airflow Variables applied, and the services to use.

Each factory picks the real client when its Airflow connection exists and the offline twin
otherwise (principle 3). Only tasks call these, never DAG files at parse time.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any

from airflow.sdk import BaseHook, Variable

from myjob.airflow.notifiers.platform import connection_exists
from myjob.config import ConnectionIds, Settings, get_settings
from myjob.services.cache import Cache, RedisCache, SqlCache
from myjob.services.companies import CachedCompanyLookup, CompanyDirectory, CompanyLookup
from myjob.services.serpapi import JobSearch, ReplayJobSearch
from myjob.store import SqlStore, open_store

SETTINGS_VARIABLE = "myjob_settings"


def load_settings() -> Settings:
    """Environment settings with the JSON object in Variable ``myjob_settings`` laid on top."""
    settings = get_settings()
    overrides: Any = Variable.get(SETTINGS_VARIABLE, default=None, deserialize_json=True)
    if not overrides:
        return settings
    if not isinstance(overrides, dict):
        raise ValueError(
            f"Variable {SETTINGS_VARIABLE} must hold a JSON object, not {type(overrides).__name__}"
        )
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


def job_search(settings: Settings) -> JobSearch:
    """SerpAPI when the ``serpapi`` connection exists, else the replay of recorded pages."""
    if connection_exists(ConnectionIds.SERPAPI):
        from myjob.airflow.hooks.serpapi import SerpApiHook

        return SerpApiHook(settings=settings).get_conn()
    return ReplayJobSearch(settings.replay_dir)


def cache(settings: Settings) -> Cache:
    """Redis when a ``redis`` connection or MYJOB_REDIS_URL exists, else the store's TTL table."""
    if connection_exists(ConnectionIds.REDIS):
        from airflow.providers.redis.hooks.redis import RedisHook

        return RedisCache(RedisHook(redis_conn_id=ConnectionIds.REDIS).get_conn())
    if settings.redis_url:
        import redis

        return RedisCache(redis.Redis.from_url(settings.redis_url))
    return SqlCache(store(settings))


def company_lookup(settings: Settings) -> CompanyLookup:
    """The Companies API when its connection exists, else the shipped directory; cached either way."""
    inner: CompanyLookup
    if connection_exists(ConnectionIds.COMPANIES_API):
        from myjob.airflow.hooks.companies import CompaniesApiHook

        inner = CompaniesApiHook(settings=settings).get_conn()
    else:
        inner = CompanyDirectory(settings.company_directory)
    return CachedCompanyLookup(inner, cache(settings), settings.company_cache_ttl_s)


def run_moment(context: Any) -> datetime:
    """The instant a run stands for: its logical date, or when it was asked to run when it has none.

    Everything a run derives from time (run key, "posted 3 days ago", last-seen dates) comes from
    here, never from the wall clock, so a rerun of the same run computes the same values.
    """
    moment = context.get("logical_date") or context["dag_run"].run_after
    return moment.astimezone(UTC)


def run_key(context: Any) -> str:
    """Key of the run's rows in the store: the same logical date gives the same key."""
    return run_moment(context).strftime("%Y%m%dT%H%M%SZ")
