"""Small key/value caches with a time to live, for answers of paid services.

Redis in production (connection ``redis``); locally the store's ``cache_entries`` table, so
the embedded setup needs no extra server and the cache survives between task processes.
Values are JSON, so both backends hold exactly the same thing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import redis
from sqlalchemy import delete, select

from myjob.store.sql import SqlStore, utcnow
from myjob.store.tables import cache_entries

_MAX_KEY_CHARS = 250  # width of cache_entries.key


class Cache(Protocol):
    def get(self, key: str) -> Any | None: ...

    def set(self, key: str, value: Any, ttl_s: int) -> None:
        """Keep a JSON-serialisable ``value`` for ``ttl_s`` seconds; a TTL of 0 or less keeps nothing."""


class RedisCache:
    """Production cache: one Redis string per key, expired by Redis itself."""

    def __init__(self, client: redis.Redis, prefix: str = "myjob:") -> None:
        self.client = client
        self.prefix = prefix

    def __repr__(self) -> str:
        return f"RedisCache(prefix={self.prefix!r})"

    def get(self, key: str) -> Any | None:
        raw = self.client.get(self.prefix + key)
        return None if raw is None else json.loads(raw)

    def set(self, key: str, value: Any, ttl_s: int) -> None:
        if ttl_s > 0:
            self.client.set(self.prefix + key, json.dumps(value), ex=ttl_s)


def _stored_key(key: str) -> str:
    """Keys longer than the column are replaced by their digest, so any key can be cached."""
    if len(key) <= _MAX_KEY_CHARS:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def _aware(moment: datetime) -> datetime:
    # SQLite hands timezone-aware columns back naive; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class SqlCache:
    """Local cache in the store's ``cache_entries`` table; an expired entry is a miss and is removed."""

    def __init__(self, store: SqlStore, clock: Callable[[], datetime] = utcnow) -> None:
        self.store = store
        self.clock = clock

    def __repr__(self) -> str:
        return f"SqlCache(dialect={self.store.dialect!r})"

    def get(self, key: str) -> Any | None:
        stored = _stored_key(key)
        with self.store.begin() as connection:
            row = connection.execute(
                select(cache_entries.c.value, cache_entries.c.expires_at).where(cache_entries.c.key == stored)
            ).first()
            if row is None:
                return None
            if _aware(row.expires_at) <= self.clock():
                connection.execute(delete(cache_entries).where(cache_entries.c.key == stored))
                return None
            return row.value

    def set(self, key: str, value: Any, ttl_s: int) -> None:
        if ttl_s <= 0:
            return
        expires_at = self.clock() + timedelta(seconds=ttl_s)
        row = {"key": _stored_key(key), "value": value, "expires_at": expires_at}
        self.store.upsert(cache_entries, [row])
