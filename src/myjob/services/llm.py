"""Chat completions with a JSON-schema answer: the OpenRouter client and the metering around it.

One owner for retries: the ``openai`` SDK is built with ``max_retries=0`` and ``OpenRouterChat``
retries 429, 5xx, timeouts and dropped connections itself, a bounded number of times with
exponential backoff that honours ``Retry-After``. A 4xx other than 429 is a ``ServiceError`` that
says what OpenRouter refused. ``MeteredChat`` records every answer (validated, or the reason it
failed validation) with its tokens and cost under a deterministic request id, and answers a repeat
of the same request from that record: a retried Airflow task never pays twice. It also keeps the
budgets per run and per user.

Offline there is no chat client at all: the matching pipeline then runs without its judge.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, Literal, Protocol

from myjob.errors import ServiceError, TransientServiceError

log = logging.getLogger(__name__)

OPENROUTER_BASE_URL = "https://openrouter.ai/api/v1"


@dataclass(frozen=True)
class ChatRequest:
    operation: str
    model: str
    messages: list[dict[str, str]]
    schema_name: str
    schema: dict[str, Any]
    max_tokens: int = 600

    @property
    def request_id(self) -> str:
        """Same model, messages and schema: same id, so a repeat is answered from the ledger."""
        payload = json.dumps(
            [self.operation, self.model, self.messages, self.schema_name, self.schema, self.max_tokens],
            sort_keys=True,
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Completion:
    content: str
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float | None


class ChatClient(Protocol):
    def complete(self, request: ChatRequest) -> Completion: ...


def retry_after_seconds(headers: Any) -> float | None:
    """``Retry-After`` as seconds (delta or HTTP date); None when absent or unreadable."""
    value = headers.get("retry-after") if headers is not None else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
        except (TypeError, ValueError):
            return None


class OpenRouterChat:
    """OpenRouter through the ``openai`` SDK; the only place that retries a chat call."""

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = OPENROUTER_BASE_URL,
        timeout_s: float = 60.0,
        max_attempts: int = 4,
        backoff_s: float = 1.0,
        max_backoff_s: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        from openai import OpenAI

        self._client = OpenAI(api_key=api_key, base_url=base_url, timeout=timeout_s, max_retries=0)
        self.max_attempts = max_attempts
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.sleep = sleep

    def complete(self, request: ChatRequest) -> Completion:
        import openai

        last: str = ""
        for attempt in range(1, self.max_attempts + 1):
            wait = min(self.max_backoff_s, self.backoff_s * 2 ** (attempt - 1))
            try:
                response = self._client.chat.completions.create(  # type: ignore[call-overload]
                    model=request.model,
                    messages=request.messages,
                    max_tokens=request.max_tokens,
                    temperature=0,
                    response_format={
                        "type": "json_schema",
                        "json_schema": {
                            "name": request.schema_name,
                            "strict": True,
                            "schema": request.schema,
                        },
                    },
                    extra_body={"usage": {"include": True}},
                )
            except (openai.APITimeoutError, openai.APIConnectionError) as error:
                last = f"{type(error).__name__}: {error}"
            except openai.APIStatusError as error:
                status = error.status_code
                if status != 429 and status < 500:
                    raise ServiceError(
                        f"OpenRouter refused {request.operation} with HTTP {status}: {_message(error)}"
                    ) from error
                last = f"HTTP {status}: {_message(error)}"
                wait = min(self.max_backoff_s, retry_after_seconds(error.response.headers) or wait)
            else:
                return _completion(response)
            if attempt < self.max_attempts:
                log.warning(
                    "%s attempt %d failed (%s); retrying in %.1f s", request.operation, attempt, last, wait
                )
                self.sleep(wait)
        raise TransientServiceError(
            f"OpenRouter {request.operation} failed {self.max_attempts} times; last: {last}"
        )


def _message(error: Any) -> str:
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])[:300]
    return str(getattr(error, "message", error))[:300]


def _completion(response: Any) -> Completion:
    choices = getattr(response, "choices", None) or []
    content = (choices[0].message.content or "") if choices else ""
    usage = getattr(response, "usage", None)
    extra = (getattr(usage, "model_extra", None) or {}) if usage is not None else {}
    cost = getattr(usage, "cost", None) if usage is not None else None
    cost = cost if cost is not None else extra.get("cost")
    return Completion(
        content=content,
        prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        cost_usd=float(cost) if cost is not None else None,
    )


# --- metering ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class UsageRecord:
    request_id: str
    user: str | None
    run_key: str | None
    operation: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    response: dict[str, Any]


class UsageLedger(Protocol):
    """Where calls are recorded (``store.matches.LlmUsageRepository``)."""

    def recorded(self, request_id: str) -> dict[str, Any] | None: ...

    def record(self, usage: UsageRecord) -> None: ...

    def spent(
        self, *, run_key: str | None = None, user: str | None = None, since: datetime | None = None
    ) -> float: ...


@dataclass(frozen=True)
class Budget:
    per_run_usd: float
    per_user_day_usd: float
    price_per_mtok: tuple[float, float] = (0.15, 0.60)

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (prompt_tokens * self.price_per_mtok[0] + completion_tokens * self.price_per_mtok[1]) / 1e6


@dataclass(frozen=True)
class Answer:
    status: Literal["answered", "reused", "invalid", "over_budget"]
    value: dict[str, Any] | None = None
    reason: str = ""
    cost_usd: float = 0.0


INVALID_KEY = "_invalid"


@dataclass
class MeteredChat:
    """A chat client behind the ledger and the budgets; ``validate`` raises ValueError on a bad answer."""

    client: ChatClient
    ledger: UsageLedger
    budget: Budget
    calls: int = field(default=0, init=False)

    def ask(
        self,
        request: ChatRequest,
        *,
        user: str | None,
        run_key: str | None,
        validate: Callable[[str], dict[str, Any]],
    ) -> Answer:
        stored = self.ledger.recorded(request.request_id)
        if stored is not None:
            if INVALID_KEY in stored:
                return Answer("invalid", None, f"recorded earlier: {stored[INVALID_KEY]}")
            return Answer("reused", stored)
        estimate = self.budget.cost(_estimate_tokens(request), request.max_tokens)
        if self.ledger.spent(run_key=run_key) + estimate > self.budget.per_run_usd:
            return Answer(
                "over_budget", reason=f"the run's LLM budget (${self.budget.per_run_usd:g}) is spent"
            )
        since = datetime.now(UTC) - timedelta(days=1)
        if (
            user is not None
            and self.ledger.spent(user=user, since=since) + estimate > self.budget.per_user_day_usd
        ):
            return Answer(
                "over_budget",
                reason=f"this user's daily LLM budget (${self.budget.per_user_day_usd:g}) is spent",
            )
        completion = self.client.complete(request)
        self.calls += 1
        cost = completion.cost_usd
        if cost is None:
            cost = self.budget.cost(completion.prompt_tokens, completion.completion_tokens)
        try:
            value = validate(completion.content)
            answer = Answer("answered", value, cost_usd=cost)
        except ValueError as error:
            reason = str(error).splitlines()[0][:300]
            value = {INVALID_KEY: reason}
            answer = Answer("invalid", None, reason, cost_usd=cost)
        self.ledger.record(
            UsageRecord(
                request_id=request.request_id,
                user=user,
                run_key=run_key,
                operation=request.operation,
                model=request.model,
                prompt_tokens=completion.prompt_tokens,
                completion_tokens=completion.completion_tokens,
                cost_usd=cost,
                response=value,
            )
        )
        return answer


def _estimate_tokens(request: ChatRequest) -> int:
    """About four characters a token: only for the budget check before a call."""
    return sum(len(m.get("content", "")) for m in request.messages) // 4 + 50
