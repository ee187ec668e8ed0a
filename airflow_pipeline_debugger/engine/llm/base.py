"""The one protocol both model clients implement, and the failure kinds the engine falls back on.

The engine never talks to an SDK directly: it hands an :class:`LLMRequest` (system prompt, user
content, the answer's JSON schema as a forced tool) to an :class:`LLMClient` and receives the tool
input as streamed JSON text through ``on_delta``. Every way a call can go wrong is an
:class:`LLMError` with a ``kind``, so the fallback to the deterministic result is one ``except``.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from airflow_pipeline_debugger.domain import CancelToken

T = TypeVar("T")

#: Called with each chunk of the tool input's JSON text as it arrives.
DeltaCallback = Callable[[str], None]


class LLMFailure(StrEnum):
    """Why the model path gave up (recorded in the investigation's notes)."""

    TIMEOUT = "timeout"
    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"
    CONNECTION = "connection"
    HTTP_ERROR = "http_error"
    REFUSAL = "refusal"
    MALFORMED = "malformed_output"
    SCHEMA = "schema_violation"
    TRUNCATED = "truncated_output"
    NOT_CONFIGURED = "not_configured"
    BUDGET = "budget_exhausted"


class LLMError(Exception):
    """A model call failed; ``kind`` decides whether it is retried and is written to the notes."""

    def __init__(self, kind: LLMFailure, message: str, *, retry_after: float | None = None) -> None:
        """Keep the kind, the message and the server's ``retry-after`` (seconds) if it sent one."""
        super().__init__(message)
        self.kind = kind
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        """429, 5xx and dropped connections are worth another try; answers that were wrong are not."""
        return self.kind in (LLMFailure.RATE_LIMITED, LLMFailure.SERVER_ERROR, LLMFailure.CONNECTION)

    def note(self) -> str:
        """The note recorded with the investigation."""
        return f"llm_error: {self.kind.value}: {self}"


@dataclass(frozen=True)
class LLMRequest:
    """One structured call: the answer is the input of the forced tool ``tool_name``."""

    system: str
    user: str
    tool_name: str
    tool_description: str
    input_schema: dict[str, Any]
    max_output_tokens: int


@dataclass
class Usage:
    """Token and timing figures for the investigation row."""

    input_tokens: int = 0
    output_tokens: int = 0
    attempts: int = 0
    latency_ms: int = 0
    tool_calls: int = 0
    cost_usd: float | None = None

    def to_json(self) -> dict[str, int | float | None]:
        """Plain dict for storage (``cost_usd`` is ``None`` when the model has no configured price)."""
        return {
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "attempts": self.attempts,
            "latency_ms": self.latency_ms,
            "tool_calls": self.tool_calls,
            "cost_usd": self.cost_usd,
        }


@dataclass(frozen=True)
class ToolSpec:
    """A tool offered to the model: its name, what it does, and its input's JSON schema."""

    name: str
    description: str
    input_schema: dict[str, Any]


@dataclass(frozen=True)
class ToolCall:
    """One tool call the model made (``id`` is the provider's, echoed back with the result)."""

    id: str
    name: str
    input: dict[str, Any]


@dataclass(frozen=True)
class ToolResult:
    """What a tool returned to the model; ``is_error`` marks refusals and bad arguments."""

    call_id: str
    content: str
    is_error: bool = False


@dataclass(frozen=True)
class Exchange:
    """One earlier turn of a conversation: the model's tool calls and the results sent back."""

    calls: tuple[ToolCall, ...]
    results: tuple[ToolResult, ...]
    text: str = ""


@dataclass(frozen=True)
class ConversationRequest:
    """One turn of a tool-using conversation.

    The model must call a tool: one of ``tools`` to read more evidence, or ``answer_tool`` (also in
    ``tools``) to answer. Only the answer tool's input is streamed to ``on_delta``.
    """

    system: str
    user: str
    exchanges: tuple[Exchange, ...]
    tools: tuple[ToolSpec, ...]
    answer_tool: str
    max_output_tokens: int


@dataclass
class Turn:
    """What one conversation turn produced: tool calls (the answer among them, or not) and usage."""

    calls: list[ToolCall] = field(default_factory=list)
    text: str = ""
    answer_text: str = ""
    stop_reason: str = ""
    usage: Usage = field(default_factory=Usage)
    model: str = ""


@dataclass
class LLMResponse:
    """The complete tool input text and what it cost."""

    text: str
    stop_reason: str = ""
    usage: Usage = field(default_factory=Usage)
    model: str = ""


@dataclass(frozen=True)
class Deadline:
    """A hard wall-clock budget shared by every attempt of one call, and the investigation's cancel token.

    The token travels with the deadline because both end a call early the same way: the stream
    is closed and the reading loop ends (see :func:`closed_at_deadline`).
    """

    at: float
    cancel: CancelToken | None = None

    @classmethod
    def after(cls, seconds: float, cancel: CancelToken | None = None) -> Deadline:
        """A deadline ``seconds`` from now, cut short when ``cancel`` is cancelled."""
        return cls(time.monotonic() + seconds, cancel)

    def remaining(self) -> float:
        """Seconds left (never negative)."""
        return max(0.0, self.at - time.monotonic())

    def expired(self) -> bool:
        """Whether the budget is spent."""
        return self.remaining() <= 0

    def check(self, where: str) -> None:
        """Raise ``InvestigationCancelledError`` naming ``where`` once the investigation was cancelled."""
        if self.cancel is not None:
            self.cancel.check(where)


def abort_response(response: Any) -> None:
    """Close an HTTP response (httpx, or the SDK's copy of it) so that a read blocked on it returns now.

    Closing from another thread does not wake a thread blocked in ``recv`` on Linux: it waits for
    the read timeout. Shutting the socket down does, and the reading thread then fails and closes.
    """
    stream = getattr(response, "extensions", {}).get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if isinstance(sock, socket.socket):
        with suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
            return
    response.close()


@contextmanager
def closed_at_deadline(
    deadline: Deadline, close: Callable[[], None], expired: threading.Event
) -> Iterator[None]:
    """Close a streaming response when the time budget runs out (setting ``expired``) or on cancel.

    A stream that stalls mid-answer never raises by itself; closing it (``close``, usually
    :func:`abort_response`) from a timer makes the reading loop end so the client can report a
    timeout within the budget. A cancelled investigation closes it at once, and leaving the block
    then raises ``InvestigationCancelledError`` in place of whatever the closed stream raised, so
    the client does not mistake it for a model failure.
    """

    def expire() -> None:
        expired.set()
        close()

    timer = threading.Timer(deadline.remaining(), expire)
    timer.daemon = True
    timer.start()
    try:
        with deadline.cancel.on_cancel(close) if deadline.cancel is not None else nullcontext():
            yield
    finally:
        timer.cancel()
        deadline.check("the model stream")


class LLMClient(Protocol):
    """A model endpoint able to stream a forced tool call (Anthropic Messages or OpenAI-compatible)."""

    provider: str
    model: str

    def stream_tool_call(
        self, request: LLMRequest, on_delta: DeltaCallback, deadline: Deadline
    ) -> LLMResponse:
        """Make ONE attempt; stream the tool input to ``on_delta``; raise :class:`LLMError` on failure.

        Retries are the caller's (:func:`call_with_retries`), so that both clients share the policy
        and the deadline covers the waits between attempts.
        """
        ...

    def converse(self, request: ConversationRequest, on_delta: DeltaCallback, deadline: Deadline) -> Turn:
        """Make ONE attempt at one turn of a tool-using conversation; raise :class:`LLMError` on failure."""
        ...


def call_with_retries(
    client: LLMClient,
    request: LLMRequest,
    on_delta: DeltaCallback,
    deadline: Deadline,
    *,
    max_retries: int,
    backoff_base: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
    may_retry: Callable[[], bool] = lambda: True,
    on_retry: Callable[[], None] = lambda: None,
) -> LLMResponse:
    """Call with retries on 429/5xx/connection errors, honouring ``retry-after``, within ``deadline``.

    ``may_retry`` lets the caller forbid a retry once part of an answer was already used (steps
    persisted from a stream cannot be taken back, so a second answer would contradict them);
    ``on_retry`` lets it reset what the failed attempt half-delivered. A wait that would overrun
    the deadline is not attempted: the call fails as a timeout instead.
    """
    started = time.monotonic()
    response, attempts = with_retries(
        lambda: client.stream_tool_call(request, on_delta, deadline),
        deadline,
        max_retries=max_retries,
        backoff_base=backoff_base,
        sleep=sleep,
        may_retry=may_retry,
        on_retry=on_retry,
    )
    response.usage.attempts = attempts
    response.usage.latency_ms = int((time.monotonic() - started) * 1000)
    return response


def with_retries(
    attempt_once: Callable[[], T],
    deadline: Deadline,
    *,
    max_retries: int,
    backoff_base: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
    may_retry: Callable[[], bool] = lambda: True,
    on_retry: Callable[[], None] = lambda: None,
) -> tuple[T, int]:
    """The retry policy of :func:`call_with_retries` for any one attempt; returns the value and attempts."""
    attempt = 0
    while True:
        attempt += 1
        deadline.check("a model call")
        try:
            return attempt_once(), attempt
        except LLMError as exc:
            if not exc.retryable or attempt > max_retries or not may_retry():
                raise
            wait = exc.retry_after if exc.retry_after is not None else backoff_base * 2 ** (attempt - 1)
            if wait >= deadline.remaining():
                raise LLMError(
                    LLMFailure.TIMEOUT,
                    f"{exc.kind.value} and the retry wait ({wait:.1f}s) exceeds the remaining time budget",
                ) from exc
            sleep(wait)
            on_retry()
