"""A local HTTP server that answers like SerpAPI or The Companies API, from a script per path.

Each path has a queue of replies; the last one repeats, so "500 then 200" is two replies and
"always 429" is one. A reply may also be a function of the query string, for paging by
next_page_token. Every request is recorded so tests can check what the client sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # JSON-encoded unless raw is given
    raw: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


@dataclass
class Request:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


Script = Reply | Callable[[dict[str, str]], Reply]


def send_reply(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
    """Write ``reply`` as the handler's JSON response, after its delay; a client that gave up is fine."""
    if reply.delay_s:
        time.sleep(reply.delay_s)
    payload = reply.raw if reply.raw is not None else json.dumps(reply.body).encode()
    try:
        handler.send_response(reply.status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(payload)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client gave up waiting (timeout tests)


class FakeApi:
    def __init__(self) -> None:
        self.scripts: dict[str, list[Script]] = defaultdict(list)
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def on(self, path: str, *replies: Script) -> None:
        self.scripts[path].extend(replies)

    def calls(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def _next(self, path: str, query: dict[str, str]) -> Reply:
        with self._lock:
            queue = self.scripts.get(path)
            if not queue:
                return Reply(404, {"error": f"no such path {path}"})
            script = queue.pop(0) if len(queue) > 1 else queue[0]
        return script(query) if callable(script) else script

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                api.requests.append(Request(parts.path, query, dict(self.headers.items())))
                send_reply(self, api._next(parts.path, query))

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    @contextmanager
    def running(self) -> Iterator[FakeApi]:
        thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()


def google_jobs_pages(items: list[dict[str, Any]], page_size: int = 10) -> Callable[[dict[str, str]], Reply]:
    """A /search.json script that pages ``items`` by next_page_token like SerpAPI."""

    def answer(query: dict[str, str]) -> Reply:
        start = int(query.get("next_page_token", "tok-0").removeprefix("tok-"))
        chunk = items[start : start + page_size]
        page: dict[str, Any] = {
            "search_metadata": {"id": f"s{start}", "status": "Success"},
            "search_parameters": {
                "engine": "google_jobs",
                "q": query.get("q"),
                "location_requested": query.get("location"),
            },
            "jobs_results": chunk,
        }
        if start + page_size < len(items):
            page["serpapi_pagination"] = {"next_page_token": f"tok-{start + page_size}"}
        return Reply(200, page)

    return answer


def job_items(count: int) -> list[dict[str, Any]]:
    return [
        {
            "title": f"Engineer {n}",
            "company_name": "Microsoft",
            "location": "Redmond, WA",
            "job_id": f"job-{n}",
            "via": "LinkedIn",
            "description": "Build things.",
            "extensions": ["3 days ago"],
            "detected_extensions": {"posted_at": "3 days ago"},
        }
        for n in range(count)
    ]


@pytest.fixture
def fake_api() -> Iterator[FakeApi]:
    """A running fake API on a free port of 127.0.0.1, stopped after the test."""
    with FakeApi().running() as api:
        yield api


@pytest.fixture
def sleeps() -> list[float]:
    """Waits the client asked for, recorded instead of slept."""
    return []
