"""CachedCompanyLookup over both caches: SQL (SQLite) and the real Redis at 127.0.0.1:6379."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis

from myjob.services.cache import Cache, RedisCache, SqlCache
from myjob.services.companies import CachedCompanyLookup, CompanyInfo
from myjob.store import open_store

CONTOSO = CompanyInfo(name="Contoso", domain="contoso.com", source="companies_api")


class CountingLookup:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def lookup(self, name: str) -> CompanyInfo | None:
        self.asked.append(name)
        return CONTOSO if "contoso" in name.lower() else None


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 12, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sql_cache(tmp_path: Path, clock: Clock) -> Iterator[SqlCache]:
    store = open_store(f"sqlite:///{tmp_path / 'cache.db'}")
    yield SqlCache(store, clock=clock)
    store.dispose()


@pytest.fixture
def redis_cache() -> Iterator[RedisCache]:
    client = redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        pytest.fail(f"Redis at 127.0.0.1:6379 is not reachable: {exc}")
    prefix = f"myjob-test-{uuid.uuid4().hex[:10]}:"
    yield RedisCache(client, prefix=prefix)
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


def test_sql_cache_hits_misses_and_expires(sql_cache: SqlCache, clock: Clock) -> None:
    lookup = CountingLookup()
    cached = CachedCompanyLookup(lookup, sql_cache, ttl_s=24 * 3600)
    assert cached.lookup("Contoso Ltd.") == CONTOSO
    assert cached.lookup("  CONTOSO ") == CONTOSO  # same normalized key: no second call
    assert cached.lookup("Fabrikam") is None
    assert cached.lookup("fabrikam inc") is None  # the miss is cached too
    assert lookup.asked == ["Contoso Ltd.", "Fabrikam"]

    clock.now += timedelta(hours=23, minutes=59)
    cached.lookup("Contoso")
    assert len(lookup.asked) == 2
    clock.now += timedelta(minutes=2)  # past 24 h: both entries are stale
    cached.lookup("Contoso")
    cached.lookup("Fabrikam")
    assert lookup.asked[2:] == ["Contoso", "Fabrikam"]


def test_sql_cache_values_and_long_keys(sql_cache: SqlCache, clock: Clock) -> None:
    long_key = "k" * 400
    sql_cache.set(long_key, {"a": [1, 2]}, ttl_s=60)
    assert sql_cache.get(long_key) == {"a": [1, 2]}
    sql_cache.set("zero", 1, ttl_s=0)
    assert sql_cache.get("zero") is None
    sql_cache.set(long_key, "updated", ttl_s=60)
    assert sql_cache.get(long_key) == "updated"
    clock.now += timedelta(seconds=61)
    assert sql_cache.get(long_key) is None


@pytest.mark.redis
def test_redis_cache_ttl(redis_cache: RedisCache) -> None:
    lookup = CountingLookup()
    cached = CachedCompanyLookup(lookup, redis_cache, ttl_s=1)
    assert cached.lookup("Contoso") == CONTOSO
    assert cached.lookup("Fabrikam") is None
    assert cached.lookup("CONTOSO, Inc.") == CONTOSO
    assert cached.lookup("Fabrikam") is None
    assert lookup.asked == ["Contoso", "Fabrikam"]
    ttl_ms = redis_cache.client.pttl(f"{redis_cache.prefix}company:contoso")
    assert 0 < ttl_ms <= 1000
    # Let Redis expire the keys (TTL of 1 s) rather than faking its clock.
    redis_cache.client.pexpire(f"{redis_cache.prefix}company:contoso", 1)
    redis_cache.client.pexpire(f"{redis_cache.prefix}company:fabrikam", 1)
    time.sleep(0.01)
    cached.lookup("Contoso")
    cached.lookup("Fabrikam")
    assert lookup.asked[2:] == ["Contoso", "Fabrikam"]


def test_blank_names_are_neither_asked_nor_cached(sql_cache: Cache) -> None:
    lookup = CountingLookup()
    assert CachedCompanyLookup(lookup, sql_cache, ttl_s=60).lookup(" , . ") is None
    assert lookup.asked == []
