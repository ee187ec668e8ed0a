"""Claude through the official ``anthropic`` SDK: a streamed, forced tool call.

The SDK is imported lazily (it is the ``[llm]`` extra). Its own retries are switched off
(``max_retries=0``) because :func:`~airflow_pipeline_debugger.engine.llm.base.call_with_retries`
owns the policy for both clients and keeps the waits inside the investigation's time budget. A
watchdog closes the HTTP response when the deadline passes, so a server that stops sending mid-
stream cannot hold the runner beyond the budget.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from airflow_pipeline_debugger.domain import InvestigationCancelledError
from airflow_pipeline_debugger.engine.llm.base import (
    ConversationRequest,
    Deadline,
    DeltaCallback,
    LLMError,
    LLMFailure,
    LLMRequest,
    LLMResponse,
    ToolCall,
    Turn,
    Usage,
    abort_response,
    closed_at_deadline,
)

#: Connect quickly or not at all; the rest of the budget is for the answer.
CONNECT_TIMEOUT_S = 10.0


def retry_after_seconds(headers: Any) -> float | None:
    """Seconds from ``retry-after-ms`` / ``retry-after`` (delta-seconds form only)."""
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        raw = headers.get(name)
        if raw is None:
            continue
        try:
            return max(0.0, float(raw) / scale)
        except ValueError:
            continue
    return None


class AnthropicClient:
    """:class:`~airflow_pipeline_debugger.engine.llm.base.LLMClient` for the Anthropic Messages API."""

    provider = "anthropic"
    #: Evidence tools are offered (Messages API tool use).
    supports_tools = True

    def __init__(self, *, api_key: str, model: str, base_url: str | None = None) -> None:
        """Build the SDK client (no network until the first call)."""
        import anthropic

        self.model = model
        self._sdk = anthropic
        self._client = anthropic.Anthropic(api_key=api_key, base_url=base_url or None, max_retries=0)

    def stream_tool_call(
        self, request: LLMRequest, on_delta: DeltaCallback, deadline: Deadline
    ) -> LLMResponse:
        """One streamed attempt; see the protocol."""
        message, answer = self._guarded(
            deadline, lambda timed_out, parts: self._stream(request, on_delta, deadline, timed_out, parts)
        )
        return self._response(message, request, answer)

    def _guarded(
        self, deadline: Deadline, stream: Callable[[threading.Event, list[str]], Any]
    ) -> tuple[Any, str]:
        """Run one streamed call; the SDK's failures become :class:`LLMError`, the caller's stay its own.

        Returns the final message and the streamed answer text.
        """
        if deadline.remaining() <= 0:
            raise LLMError(LLMFailure.TIMEOUT, "time budget spent before the call")
        timed_out = threading.Event()
        parts: list[str] = []
        try:
            message = stream(timed_out, parts)
        except (LLMError, InvestigationCancelledError):
            raise
        except Exception as exc:
            # Only the SDK's, the transport's and the SDK's JSON-parse errors are about the model;
            # anything else (e.g. the sink failing to persist a step) belongs to the caller.
            if not (timed_out.is_set() or isinstance(exc, self._sdk.AnthropicError | ValueError | OSError)):
                raise
            raise self._translate(exc, timed_out.is_set()) from exc
        if timed_out.is_set():
            raise LLMError(LLMFailure.TIMEOUT, "the answer did not finish within the time budget")
        return message, "".join(parts)

    def converse(self, request: ConversationRequest, on_delta: DeltaCallback, deadline: Deadline) -> Turn:
        """One streamed turn with the tools offered (``tool_choice = any``); see the protocol."""
        message, answer = self._guarded(
            deadline,
            lambda timed_out, parts: self._stream_turn(request, on_delta, deadline, timed_out, parts),
        )
        usage = Usage(
            input_tokens=getattr(message.usage, "input_tokens", 0) or 0,
            output_tokens=getattr(message.usage, "output_tokens", 0) or 0,
        )
        stop = message.stop_reason or ""
        if stop == "refusal":
            raise LLMError(LLMFailure.REFUSAL, "the model refused to answer")
        if stop == "max_tokens":
            raise LLMError(LLMFailure.TRUNCATED, "the turn hit the output token budget")
        calls = [
            ToolCall(id=b.id, name=b.name, input=dict(b.input) if isinstance(b.input, dict) else {})
            for b in message.content
            if b.type == "tool_use"
        ]
        text = "".join(b.text for b in message.content if b.type == "text")
        return Turn(
            calls=calls,
            text=text,
            answer_text=answer,
            stop_reason=stop,
            usage=usage,
            model=message.model or self.model,
        )

    @staticmethod
    def _messages(request: ConversationRequest) -> list[dict[str, Any]]:
        """The transcript in Messages API form: tool_use blocks answered by tool_result blocks."""
        messages: list[dict[str, Any]] = [{"role": "user", "content": request.user}]
        for ex in request.exchanges:
            content: list[dict[str, Any]] = [{"type": "text", "text": ex.text}] if ex.text else []
            content += [{"type": "tool_use", "id": c.id, "name": c.name, "input": c.input} for c in ex.calls]
            messages.append({"role": "assistant", "content": content})
            messages.append(
                {
                    "role": "user",
                    "content": [
                        {
                            "type": "tool_result",
                            "tool_use_id": r.call_id,
                            "content": r.content,
                            "is_error": r.is_error,
                        }
                        for r in ex.results
                    ],
                }
            )
        return messages

    def _stream_turn(
        self,
        request: ConversationRequest,
        on_delta: DeltaCallback,
        deadline: Deadline,
        timed_out: threading.Event,
        parts: list[str],
    ) -> Any:
        remaining = deadline.remaining()
        manager = self._client.messages.stream(
            model=self.model,
            max_tokens=request.max_output_tokens,
            system=request.system,
            messages=self._messages(request),
            tools=[
                {"name": t.name, "description": t.description, "input_schema": t.input_schema}
                for t in request.tools
            ],
            tool_choice={"type": "any"},
            timeout=self._sdk.Timeout(remaining, connect=min(CONNECT_TIMEOUT_S, remaining)),
        )
        block = ""
        with (
            manager as stream,
            closed_at_deadline(deadline, lambda: abort_response(stream.response), timed_out),
        ):
            for event in stream:
                if event.type == "content_block_start":
                    block = getattr(event.content_block, "name", "") or ""
                elif event.type == "input_json" and block == request.answer_tool:
                    parts.append(event.partial_json)
                    on_delta(event.partial_json)
            return stream.get_final_message()

    def _stream(
        self,
        request: LLMRequest,
        on_delta: DeltaCallback,
        deadline: Deadline,
        timed_out: threading.Event,
        parts: list[str],
    ) -> Any:
        remaining = deadline.remaining()
        manager = self._client.messages.stream(
            model=self.model,
            max_tokens=request.max_output_tokens,
            system=request.system,
            messages=[{"role": "user", "content": request.user}],
            tools=[
                {
                    "name": request.tool_name,
                    "description": request.tool_description,
                    "input_schema": request.input_schema,
                }
            ],
            tool_choice={"type": "tool", "name": request.tool_name},
            timeout=self._sdk.Timeout(remaining, connect=min(CONNECT_TIMEOUT_S, remaining)),
        )
        with (
            manager as stream,
            closed_at_deadline(deadline, lambda: abort_response(stream.response), timed_out),
        ):
            for event in stream:
                if event.type == "input_json":
                    parts.append(event.partial_json)
                    on_delta(event.partial_json)
            return stream.get_final_message()

    def _translate(self, exc: Exception, timed_out: bool) -> LLMError:
        """Map an SDK/transport exception to an :class:`LLMError` kind."""
        sdk = self._sdk
        if timed_out or isinstance(exc, sdk.APITimeoutError):
            return LLMError(LLMFailure.TIMEOUT, f"no complete answer within the time budget ({exc})")
        if isinstance(exc, sdk.APIStatusError):
            if exc.status_code == 429:
                kind = LLMFailure.RATE_LIMITED
            elif exc.status_code >= 500:
                kind = LLMFailure.SERVER_ERROR
            else:
                kind = LLMFailure.HTTP_ERROR
            return LLMError(
                kind,
                f"HTTP {exc.status_code}: {exc.message}",
                retry_after=retry_after_seconds(exc.response.headers),
            )
        if isinstance(exc, sdk.APIConnectionError):
            return LLMError(LLMFailure.CONNECTION, str(exc))
        # The SDK raises ValueError for tool input it cannot parse as (partial) JSON.
        return LLMError(LLMFailure.MALFORMED, f"{type(exc).__name__}: {exc}")

    def _response(self, message: Any, request: LLMRequest, text: str) -> LLMResponse:
        usage = Usage(
            input_tokens=getattr(message.usage, "input_tokens", 0) or 0,
            output_tokens=getattr(message.usage, "output_tokens", 0) or 0,
        )
        stop = message.stop_reason or ""
        if stop == "refusal":
            raise LLMError(LLMFailure.REFUSAL, "the model refused to answer")
        if not any(b.type == "tool_use" and b.name == request.tool_name for b in message.content):
            raise LLMError(LLMFailure.REFUSAL, f"the model answered without the {request.tool_name} tool")
        if stop == "max_tokens":
            raise LLMError(LLMFailure.TRUNCATED, "the answer hit the output token budget")
        return LLMResponse(text=text, stop_reason=stop, usage=usage, model=message.model or self.model)
