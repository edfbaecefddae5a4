"""The one HTTP path every real client takes: JSON GETs with timeouts, retries and masked secrets.

Paid APIs fail in a few known ways: they throttle (429, often with Retry-After), they have bad
minutes (5xx, timeouts, dropped connections), they refuse (other 4xx), and now and then they
answer with something that is not JSON. The first two are worth waiting for; the others are
not, and retrying them would only spend credit. Keeping that policy in one place means both
clients behave the same and are tested the same way.

API keys travel in query strings (SerpAPI) or headers (The Companies API). They are masked in
every message this module builds, and in the request lines that httpx logs.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from myjob.errors import ServiceError, TransientServiceError

log = logging.getLogger(__name__)

MASK = "***"
_MESSAGE_FIELDS = ("error", "message", "detail", "error_description")
_MAX_MESSAGE_CHARS = 300


def mask(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret replaced by ``***`` (empty secrets ignored)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    return text


class _SecretFilter(logging.Filter):
    """Masks registered secrets in records of the loggers that print request URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            record.msg = mask(record.getMessage(), self.secrets)
            record.args = None
        return True


_SECRET_FILTER = _SecretFilter()
for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).addFilter(_SECRET_FILTER)


def register_secret(secret: str) -> None:
    """Mask ``secret`` in httpx's own log lines (it logs every request URL at INFO)."""
    if secret:
        _SECRET_FILTER.secrets.add(secret)


def base_url(host: str | None, scheme: str | None, port: int | None, default: str) -> str:
    """The service root from connection parts: ``host`` may be a full URL; no host means ``default``."""
    if not host:
        return default.rstrip("/")
    if "://" in host:
        return host.rstrip("/")
    netloc = f"{host}:{port}" if port else host
    return f"{scheme or 'https'}://{netloc}".rstrip("/")


@dataclass(frozen=True)
class RetryPolicy:
    """How long to keep trying: attempts = ``max_retries`` + 1; every wait is capped by ``max_delay_s``."""

    max_retries: int = 4
    base_delay_s: float = 1.0
    max_delay_s: float = 60.0

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Exponential backoff with equal jitter: half the step fixed, half random, so clients spread out."""
        step = min(self.max_delay_s, self.base_delay_s * 2**attempt)
        return step / 2 + rng.uniform(0, step / 2)


def retry_after_seconds(value: str | None, now: Callable[[], datetime] | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now() if now else datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())


def _service_message(response: httpx.Response) -> str:
    """The service's own words about a failure: its JSON error field, else the start of the body."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        for field in _MESSAGE_FIELDS:
            value = body.get(field)
            if isinstance(value, str) and value.strip():
                return value.strip()[:_MAX_MESSAGE_CHARS]
            if isinstance(value, dict) and isinstance(value.get("message"), str):
                return str(value["message"])[:_MAX_MESSAGE_CHARS]
    text = response.text.strip()
    return text[:_MAX_MESSAGE_CHARS] or response.reason_phrase


class JsonHttp:
    """JSON GETs against one service, retried per ``policy``; errors name the service and hide secrets."""

    def __init__(
        self,
        service: str,
        base: str,
        *,
        timeout_s: float,
        policy: RetryPolicy,
        secrets: Iterable[str] = (),
        headers: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.service = service
        self.base = base.rstrip("/")
        self.timeout_s = timeout_s
        self.policy = policy
        self._secrets = tuple(s for s in secrets if s)
        for secret in self._secrets:
            register_secret(secret)
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not secrecy
        self._client = httpx.Client(
            base_url=self.base,
            timeout=timeout_s,
            headers=dict(headers or {}),
            transport=transport,
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"JsonHttp(service={self.service!r}, base={self.base!r})"

    def _mask(self, text: str) -> str:
        return mask(text, self._secrets)

    def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """The decoded JSON answer of ``GET base + path``; raises ServiceError or TransientServiceError."""
        failure = ""
        for attempt in range(self.policy.max_retries + 1):
            wait: float | None = None
            try:
                response = self._client.get(path, params=dict(params or {}))
            except httpx.TimeoutException:
                failure = f"no answer within {self.timeout_s:g} s"
            except httpx.TransportError as exc:
                failure = f"connection failed ({type(exc).__name__}: {self._mask(str(exc))})"
            else:
                status = response.status_code
                if status < 400:
                    return self._decode(response)
                message = self._mask(_service_message(response))
                if status != 429 and status < 500:
                    raise ServiceError(f"{self.service} refused the request: HTTP {status}: {message}")
                failure = f"HTTP {status}: {message}"
                wait = retry_after_seconds(response.headers.get("Retry-After"))
            if attempt == self.policy.max_retries:
                break
            if wait is None:
                delay = self.policy.backoff(attempt, self._rng)
            else:
                delay = min(wait, self.policy.max_delay_s)
            log.warning(
                "%s: %s; retry %d of %d in %.1f s",
                self.service,
                failure,
                attempt + 1,
                self.policy.max_retries,
                delay,
            )
            self._sleep(delay)
        attempts = self.policy.max_retries + 1
        raise TransientServiceError(f"{self.service} still failing after {attempts} attempts: {failure}")

    def _decode(self, response: httpx.Response) -> Any:
        try:
            return json.loads(response.content)
        except ValueError:
            snippet = self._mask(response.text[:80])
            raise ServiceError(
                f"{self.service} answered HTTP {response.status_code} with malformed JSON: {snippet!r}"
            ) from None

    def close(self) -> None:
        self._client.close()
