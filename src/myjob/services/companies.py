"""Company facts for enrichment: The Companies API, its offline twin (a directory file), and a TTL cache.

Job boards spell one employer many ways, so every lookup goes through
``normalize_company_name`` before it reaches a cache key or a directory index. Unknown
companies are cached as well: asking a paid API about the same unknown name every day would
spend credit for nothing.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, Protocol

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from myjob.errors import ServiceError
from myjob.jobs.company_names import normalize_company_name
from myjob.services.cache import Cache
from myjob.services.http import JsonHttp, RetryPolicy

log = logging.getLogger(__name__)

COMPANIES_API_URL = "https://api.thecompaniesapi.com"
_MISS = {"miss": True}  # cached for a company nobody knows, so the API is not asked again within the TTL


class CompanyInfo(BaseModel):
    """What enrichment adds to a job about its employer."""

    model_config = ConfigDict(frozen=True)

    name: str
    domain: str | None = None
    industry: str | None = None
    size: str | None = None  # employee range, as the source states it ("10k-50k", "10,001+")
    headquarters: str | None = None
    description: str | None = None
    source: Literal["companies_api", "directory"]


class CompanyLookup(Protocol):
    def lookup(self, name: str) -> CompanyInfo | None: ...


def _text(value: Any) -> str | None:
    """A plain string from a field that may be a string, a {"name": ...} object, or missing."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return value.strip() or None if isinstance(value, str) else None


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _headquarters(company: dict[str, Any]) -> str | None:
    locations = company.get("locations") or {}
    place = locations.get("headquarters") if isinstance(locations, dict) else None
    if not isinstance(place, dict):
        return None
    parts = [_text(place.get(field)) for field in ("city", "state", "country")]
    return ", ".join(p for p in parts if p) or None


def company_from_api(company: dict[str, Any]) -> CompanyInfo | None:
    """A CompanyInfo from one company object of The Companies API (v2), None without a name."""
    about = _object(company.get("about"))
    domain = company.get("domain")
    descriptions = _object(company.get("descriptions"))
    name = _text(about.get("name")) or _text(company.get("name"))
    if not name:
        return None
    industries = about.get("industries")
    industry = _text(about.get("industry")) or (
        _text(industries[0]) if isinstance(industries, list) and industries else None
    )
    return CompanyInfo(
        name=name,
        domain=_text(domain.get("domain")) if isinstance(domain, dict) else _text(domain),
        industry=industry,
        size=_text(about.get("totalEmployees")),
        headquarters=_headquarters(company),
        description=_text(descriptions.get("primary")),
        source="companies_api",
    )


class CompaniesApiClient:
    """The Companies API: ``GET /v2/companies/by-name`` with ``Authorization: Basic <token>``.

    Only a candidate whose normalized name equals the asked one counts: a search by name also
    returns look-alikes, and enriching a job with the wrong employer is worse than with none.
    """

    service = "The Companies API"

    def __init__(
        self,
        api_token: str,
        *,
        base_url: str = COMPANIES_API_URL,
        timeout_s: float = 30.0,
        max_retries: int = 4,
        candidates: int = 5,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not api_token:
            raise ServiceError(
                "The Companies API needs a token: set it as the password of the companies_api connection"
            )
        self.candidates = candidates
        self._http = JsonHttp(
            self.service,
            base_url,
            timeout_s=timeout_s,
            policy=RetryPolicy(max_retries=max_retries),
            secrets=[api_token],
            headers={"Authorization": f"Basic {api_token}", "Accept": "application/json"},
            sleep=sleep,
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"CompaniesApiClient(base_url={self._http.base!r}, api_token='***')"

    def lookup(self, name: str) -> CompanyInfo | None:
        wanted = normalize_company_name(name)
        if not wanted:
            return None
        answer = self._http.get_json("/v2/companies/by-name", {"name": name.strip(), "size": self.candidates})
        companies = answer.get("companies") if isinstance(answer, dict) else None
        if not isinstance(companies, list):
            raise ServiceError(f"{self.service} answer has no companies list")
        for company in companies:
            info = company_from_api(company) if isinstance(company, dict) else None
            if info is not None and normalize_company_name(info.name) == wanted:
                return info
        return None

    def close(self) -> None:
        self._http.close()


class DirectoryEntry(BaseModel):
    """One company in the directory file: CompanyInfo's facts plus the other names it goes by."""

    name: str
    domain: str | None = None
    industry: str | None = None
    size: str | None = None
    headquarters: str | None = None
    description: str | None = None
    aliases: list[str] = []


class CompanyDirectory:
    """Offline twin: a file ``{"companies": [DirectoryEntry, ...]}``, indexed by normalized name and alias."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._by_name: dict[str, DirectoryEntry] | None = None

    def __repr__(self) -> str:
        return f"CompanyDirectory(path={str(self.path)!r})"

    def _index(self) -> dict[str, DirectoryEntry]:
        if self._by_name is None:
            try:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
                entries = [DirectoryEntry.model_validate(e) for e in raw["companies"]]
            except (OSError, ValueError, KeyError, TypeError, ValidationError) as exc:
                raise ServiceError(f"Company directory {self.path} is unreadable: {exc}") from exc
            index: dict[str, DirectoryEntry] = {}
            for entry in entries:
                for alias in [entry.name, *entry.aliases]:
                    index.setdefault(normalize_company_name(alias), entry)
            self._by_name = index
        return self._by_name

    def lookup(self, name: str) -> CompanyInfo | None:
        entry = self._index().get(normalize_company_name(name))
        if entry is None:
            return None
        return CompanyInfo(source="directory", **entry.model_dump(exclude={"aliases"}))


class CachedCompanyLookup:
    """Any lookup behind a TTL cache keyed on the normalized name; misses are cached too."""

    def __init__(self, inner: CompanyLookup, cache: Cache, ttl_s: int) -> None:
        self.inner = inner
        self.cache = cache
        self.ttl_s = ttl_s

    def __repr__(self) -> str:
        return f"CachedCompanyLookup(inner={self.inner!r}, cache={self.cache!r}, ttl_s={self.ttl_s})"

    @staticmethod
    def cache_key(name: str) -> str:
        return "company:" + normalize_company_name(name)

    def lookup(self, name: str) -> CompanyInfo | None:
        if not normalize_company_name(name):
            return None
        key = self.cache_key(name)
        cached = self.cache.get(key)
        if cached is not None:
            if cached == _MISS:
                return None
            try:
                return CompanyInfo.model_validate(cached)
            except ValidationError:
                log.warning("Ignoring an unreadable cache entry %s", key)
        info = self.inner.lookup(name)
        self.cache.set(key, info.model_dump() if info else _MISS, self.ttl_s)
        return info
