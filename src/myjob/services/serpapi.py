"""Job search through SerpAPI's ``google_jobs`` engine, and its offline twin that replays recorded pages.

Both sides page the same way, by following ``serpapi_pagination.next_page_token`` until enough
jobs are in hand or the pages run out, so the pipeline cannot tell the twin from the service
except by the data.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx

from myjob.errors import ServiceError
from myjob.services.http import JsonHttp, RetryPolicy

SERPAPI_URL = "https://serpapi.com"
ENGINE = "google_jobs"
# SerpAPI reports "no jobs" through its error field; for a search that is an empty result, not a failure.
_NO_RESULTS = re.compile(r"hasn.t returned any results", re.IGNORECASE)

Page = dict[str, Any]


@dataclass(frozen=True)
class SearchResult:
    """What one (query, location) search brought back."""

    query: str
    location: str
    items: list[dict[str, Any]]  # google_jobs `jobs_results` items, as received, at most max_jobs
    pages: int  # pages fetched


class JobSearch(Protocol):
    def health(self) -> None:
        """Raise ServiceError with a clear message if the service is unusable."""

    def search(self, query: str, location: str, max_jobs: int) -> SearchResult: ...


def collect_pages(
    service: str, query: str, location: str, max_jobs: int, fetch: Callable[[str | None], Page | None]
) -> SearchResult:
    """Follow next_page_token through ``fetch(token)`` until ``max_jobs`` items or the last page.

    ``fetch`` returns one google_jobs page, or None when there is no such page at all.
    """
    if max_jobs < 1:
        raise ValueError(f"max_jobs must be at least 1, not {max_jobs}")
    items: list[dict[str, Any]] = []
    pages = 0
    token: str | None = None
    while len(items) < max_jobs:
        page = fetch(token)
        if page is None:
            break
        pages += 1
        if not isinstance(page, dict):
            raise ServiceError(f"{service} answered with a {type(page).__name__}, not a google_jobs page")
        error = page.get("error")
        if error:
            if _NO_RESULTS.search(str(error)):
                break
            raise ServiceError(f"{service} reported an error for {query!r} in {location!r}: {error}")
        results = page.get("jobs_results") or []
        if not isinstance(results, list):
            raise ServiceError(f"{service} sent jobs_results as a {type(results).__name__}, not a list")
        items.extend(item for item in results if isinstance(item, dict))
        pagination = page.get("serpapi_pagination") or {}
        token = pagination.get("next_page_token") if isinstance(pagination, dict) else None
        if not token or not results:
            break
    return SearchResult(query=query, location=location, items=items[:max_jobs], pages=pages)


class SerpApiClient:
    """The real service: ``GET /search.json?engine=google_jobs`` with q, location and next_page_token."""

    service = "SerpAPI"

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = SERPAPI_URL,
        timeout_s: float = 30.0,
        max_retries: int = 4,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not api_key:
            raise ServiceError("SerpAPI needs an API key: set it as the password of the serpapi connection")
        self._api_key = api_key
        self._http = JsonHttp(
            self.service,
            base_url,
            timeout_s=timeout_s,
            policy=RetryPolicy(max_retries=max_retries),
            secrets=[api_key],
            sleep=sleep,
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"SerpApiClient(base_url={self._http.base!r}, api_key='***')"

    def health(self) -> None:
        """Check the key and the plan with the Account API, which spends no search credit."""
        account = self._http.get_json("/account.json", {"api_key": self._api_key})
        if not isinstance(account, dict):
            raise ServiceError("SerpAPI account answer is not a JSON object")
        if account.get("error"):
            raise ServiceError(f"SerpAPI account check failed: {account['error']}")
        left = account.get("total_searches_left", account.get("plan_searches_left"))
        if isinstance(left, int) and left <= 0:
            raise ServiceError("SerpAPI account has no searches left this month: upgrade the plan or wait")

    def search(self, query: str, location: str, max_jobs: int) -> SearchResult:
        params = {"engine": ENGINE, "q": query, "location": location, "api_key": self._api_key}

        def fetch(token: str | None) -> Page:
            page_params = {**params, "next_page_token": token} if token else params
            answer: Page = self._http.get_json("/search.json", page_params)
            return answer

        return collect_pages(self.service, query, location, max_jobs, fetch)

    def close(self) -> None:
        self._http.close()


def search_key(query: str, location: str) -> tuple[str, str]:
    """How searches are matched: case and spacing do not matter."""
    return (" ".join(query.lower().split()), " ".join(location.lower().split()))


class ReplayJobSearch:
    """Offline twin: recorded google_jobs pages from a folder, paged exactly like the service.

    The folder holds ``index.json`` (``{"searches": [{"query", "location", "pages": [file, ...]}]}``)
    and the page files. The first listed page answers the search; each later page is found by the
    ``next_page_token`` it echoes in ``search_parameters``, as SerpAPI does. A search that was never
    recorded answers with no jobs, as an empty Google result would.
    """

    service = "SerpAPI replay"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._searches: dict[tuple[str, str], list[str]] | None = None

    def __repr__(self) -> str:
        return f"ReplayJobSearch(folder={str(self.folder)!r})"

    def _index(self) -> dict[tuple[str, str], list[str]]:
        if self._searches is None:
            index_file = self.folder / "index.json"
            try:
                index = json.loads(index_file.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise ServiceError(f"{self.service}: cannot read {index_file}: {exc}") from exc
            self._searches = {
                search_key(entry["query"], entry["location"]): list(entry["pages"])
                for entry in index["searches"]
            }
        return self._searches

    def health(self) -> None:
        if not self._index():
            raise ServiceError(f"{self.service}: {self.folder / 'index.json'} lists no searches")

    def searches(self) -> list[tuple[str, str]]:
        """The (query, location) pairs recorded, normalized as ``search_key`` does."""
        return sorted(self._index())

    def _page(self, name: str) -> Page:
        path = self.folder / name
        try:
            page: Page = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ServiceError(f"{self.service}: cannot read page {path}: {exc}") from exc
        return page

    def search(self, query: str, location: str, max_jobs: int) -> SearchResult:
        names = self._index().get(search_key(query, location), [])
        by_token: dict[str, str] | None = None

        def fetch(token: str | None) -> Page | None:
            nonlocal by_token
            if not names:
                return None
            if token is None:
                return self._page(names[0])
            if by_token is None:
                by_token = {}
                for name in names[1:]:
                    echoed = self._page(name).get("search_parameters", {}).get("next_page_token")
                    if echoed:
                        by_token[echoed] = name
            later = by_token.get(token)
            return self._page(later) if later else None

        return collect_pages(self.service, query, location, max_jobs, fetch)
