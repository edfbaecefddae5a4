"""A local HTTP server that speaks the chat-completions protocol, from a queue of scripted replies.

Each reply is a status, a body (a chat completion built by ``completion()``, an error object, or
raw bytes), headers, and an optional delay (for timeouts). The last reply repeats. Every request
body is recorded, so tests can check what the client sent and how many calls it made.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.services.fake_api import Reply, send_reply


def completion(
    content: str, *, prompt_tokens: int = 120, completion_tokens: int = 30, cost: float | None = 0.0004
) -> Reply:
    usage: dict[str, Any] = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }
    if cost is not None:
        usage["cost"] = cost
    return Reply(
        body={
            "id": "gen-1",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": "test/model",
            "choices": [
                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}
            ],
            "usage": usage,
        }
    )


def error(status: int, message: str, **headers: str) -> Reply:
    return Reply(status=status, body={"error": {"message": message, "code": status}}, headers=headers)


class FakeChatServer:
    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/api/v1"

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self.replies = list(replies)

    def _next(self) -> Reply:
        with self._lock:
            if not self.replies:
                return error(500, "no reply scripted")
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with fake._lock:
                    fake.requests.append(
                        {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
                    )
                send_reply(self, fake._next())

            def log_message(self, *_args: Any) -> None:
                pass

        return Handler


@contextmanager
def fake_chat_server() -> Iterator[FakeChatServer]:
    fake = FakeChatServer()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.server.shutdown()
        fake.server.server_close()
