"""The OpenRouter hook: connection read lazily, key required, no connection means no judge."""

from __future__ import annotations

import json

import pytest

from myjob.airflow.hooks.openrouter import OpenRouterHook, chat_client
from myjob.config import Settings
from myjob.errors import UserError
from myjob.services.llm import OPENROUTER_BASE_URL, ChatRequest
from tests.services.fake_chat import completion, fake_chat_server


def _conn(monkeypatch, **fields):
    monkeypatch.setenv("AIRFLOW_CONN_OPENROUTER", json.dumps({"conn_type": "http", **fields}))


def test_no_connection_means_no_judge(monkeypatch):
    monkeypatch.delenv("AIRFLOW_CONN_OPENROUTER", raising=False)
    assert chat_client(Settings()) is None


def test_the_connection_builds_a_client_that_talks_to_its_endpoint(monkeypatch):
    with fake_chat_server() as server:
        server.script(completion('{"ok": true}'))
        _conn(monkeypatch, password="sk-test", extra={"base_url": server.base_url})
        client = chat_client(Settings(llm_max_attempts=2))
        assert client is not None
        request = ChatRequest("match_judge", "m", [{"role": "user", "content": "x"}], "s", {"type": "object"})
        assert client.complete(request).content == '{"ok": true}'
        assert server.requests[0]["auth"] == "Bearer sk-test"


def test_openrouter_host_means_the_public_api_and_a_missing_key_is_a_clear_error(monkeypatch):
    _conn(monkeypatch, host="openrouter.ai", schema="https", extra={"api_key": "sk-x"})
    hook = OpenRouterHook(settings=Settings())
    assert str(hook.get_conn()._client.base_url).rstrip("/") == OPENROUTER_BASE_URL
    _conn(monkeypatch, host="openrouter.ai")
    with pytest.raises(UserError, match="has no API key"):
        OpenRouterHook(settings=Settings()).get_conn()
