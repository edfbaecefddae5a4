"""How the MyJob hooks read an http-type connection: where the service is, and its key.

SerpAPI, the Companies API and OpenRouter connections all follow the same conventions, so the
hooks share these two readers.
"""

from __future__ import annotations

from typing import Any

from myjob.services.http import base_url


def connection_endpoint(conn: Any, default_url: str) -> str:
    """Service root from an http-type connection: extra ``base_url``, else host (schema = http/https)."""
    extra = conn.extra_dejson or {}
    if extra.get("base_url"):
        return str(extra["base_url"]).rstrip("/")
    return base_url(conn.host, conn.schema, conn.port, default_url)


def connection_secret(conn: Any, extra_field: str) -> str:
    """The key from the password, or from the named extra field."""
    return str(conn.password or (conn.extra_dejson or {}).get(extra_field) or "")
