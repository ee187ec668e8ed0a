"""OpenAI-compatible chat completions (OpenRouter, vLLM, Ollama, LiteLLM …) over plain httpx.

Same engine, same protocol as the Claude client: one streamed attempt that yields the answer's JSON
text as it arrives. Two ways to force the structure, because self-hosted servers differ in what
they support: a forced function call (``tools`` + ``tool_choice``, the default) or a JSON-schema
response format (``structured_output="json_schema"``), where the answer is the message content.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from airflow_pipeline_debugger.engine.llm.anthropic_client import CONNECT_TIMEOUT_S, retry_after_seconds
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

StructuredOutput = Literal["tool", "json_schema"]
ERROR_BODY_CHARS = 300


@dataclass
class _Metered:
    """What every streamed response reports besides its content: the model that answered, the tokens."""

    model: str
    usage: Usage = field(default_factory=Usage)
    finish: str = ""


@dataclass
class _StreamState(_Metered):
    """What one streamed response has delivered so far."""

    parts: list[str] = field(default_factory=list)


@dataclass
class _CallState:
    """One streamed tool call, assembled from its deltas (``index`` keyed)."""

    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)


@dataclass
class _TurnState(_Metered):
    """What one streamed conversation turn has delivered so far."""

    calls: dict[int, _CallState] = field(default_factory=dict)
    text: list[str] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)


def _raise_for_status(resp: httpx.Response) -> None:
    """Turn an error status into the matching :class:`LLMError` (with ``retry-after``)."""
    if resp.status_code < 400:
        return
    body = resp.read().decode("utf-8", "replace")[:ERROR_BODY_CHARS]
    if resp.status_code == 429:
        kind = LLMFailure.RATE_LIMITED
    elif resp.status_code >= 500:
        kind = LLMFailure.SERVER_ERROR
    else:
        kind = LLMFailure.HTTP_ERROR
    raise LLMError(kind, f"HTTP {resp.status_code}: {body}", retry_after=retry_after_seconds(resp.headers))


class OpenAICompatibleClient:
    """The :class:`~airflow_pipeline_debugger.engine.llm.base.LLMClient` for chat completions."""

    provider = "openai"

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str = "",
        structured_output: StructuredOutput = "tool",
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """Remember the endpoint; ``transport`` is for tests that need a fault-injecting transport."""
        self.model = model
        self.base_url = base_url.rstrip("/")
        self.structured_output = structured_output
        self._headers = {"Content-Type": "application/json", "X-Title": "airflow-pipeline-debugger"}
        if api_key:
            self._headers["Authorization"] = f"Bearer {api_key}"
        self._transport = transport

    def _payload(self, request: LLMRequest) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self.model,
            "max_tokens": request.max_output_tokens,
            "stream": True,
            "stream_options": {"include_usage": True},
            "temperature": 0,
            "messages": [
                {"role": "system", "content": request.system},
                {"role": "user", "content": request.user},
            ],
        }
        if self.structured_output == "json_schema":
            payload["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": request.tool_name, "schema": request.input_schema, "strict": False},
            }
        else:
            payload["tools"] = [
                {
                    "type": "function",
                    "function": {
                        "name": request.tool_name,
                        "description": request.tool_description,
                        "parameters": request.input_schema,
                    },
                }
            ]
            payload["tool_choice"] = {"type": "function", "function": {"name": request.tool_name}}
        return payload

    @property
    def supports_tools(self) -> bool:
        """Evidence tools need function calling; a JSON-schema response format has none."""
        return self.structured_output == "tool"

    def _post(
        self, payload: dict[str, Any], deadline: Deadline, read: Callable[[httpx.Response], None]
    ) -> None:
        """POST one streamed completion and hand the response to ``read`` within the deadline."""
        remaining = deadline.remaining()
        if remaining <= 0:
            raise LLMError(LLMFailure.TIMEOUT, "time budget spent before the call")
        timeout = httpx.Timeout(remaining, connect=min(CONNECT_TIMEOUT_S, remaining))
        timed_out = threading.Event()
        try:
            with (
                httpx.Client(timeout=timeout, transport=self._transport) as http,
                http.stream(
                    "POST", f"{self.base_url}/chat/completions", json=payload, headers=self._headers
                ) as resp,
            ):
                _raise_for_status(resp)
                with closed_at_deadline(deadline, lambda: abort_response(resp), timed_out):
                    read(resp)
        except LLMError:
            raise
        except httpx.HTTPError as exc:
            if timed_out.is_set() or isinstance(exc, httpx.TimeoutException):
                raise LLMError(
                    LLMFailure.TIMEOUT, f"no complete answer within the time budget ({exc})"
                ) from exc
            raise LLMError(LLMFailure.CONNECTION, f"{type(exc).__name__}: {exc}") from exc
        if timed_out.is_set():
            raise LLMError(LLMFailure.TIMEOUT, "the answer did not finish within the time budget")

    def converse(self, request: ConversationRequest, on_delta: DeltaCallback, deadline: Deadline) -> Turn:
        """One streamed turn with the tools as functions (``tool_choice = required``); see the protocol."""
        state = _TurnState(model=self.model)
        self._post(
            self._conversation_payload(request),
            deadline,
            lambda resp: self._read_turn(resp, request.answer_tool, on_delta, state),
        )
        if state.finish in {"content_filter", "refusal"}:
            raise LLMError(LLMFailure.REFUSAL, f"the model refused to answer ({state.finish})")
        if state.finish == "length":
            raise LLMError(LLMFailure.TRUNCATED, "the turn hit the output token budget")
        calls: list[ToolCall] = []
        for n, call in sorted(state.calls.items()):
            if call.name == request.answer_tool:
                # The answer streamed through on_delta; its parser reports what is wrong with it.
                calls.append(ToolCall(id=call.id or f"call_{n}", name=call.name, input={}))
                continue
            text = "".join(call.arguments) or "{}"
            try:
                args = json.loads(text)
            except json.JSONDecodeError as exc:
                raise LLMError(LLMFailure.MALFORMED, f"invalid arguments for {call.name}: {exc.msg}") from exc
            if not isinstance(args, dict):
                raise LLMError(LLMFailure.MALFORMED, f"arguments of {call.name} are not a JSON object")
            calls.append(ToolCall(id=call.id or f"call_{n}", name=call.name, input=args))
        return Turn(
            calls=calls,
            text="".join(state.text),
            answer_text="".join(state.answer),
            stop_reason=state.finish,
            usage=state.usage,
            model=state.model,
        )

    def _conversation_payload(self, request: ConversationRequest) -> dict[str, Any]:
        messages: list[dict[str, Any]] = [
            {"role": "system", "content": request.system},
            {"role": "user", "content": request.user},
        ]
        for ex in request.exchanges:
            messages.append(
                {
                    "role": "assistant",
                    "content": ex.text or None,
                    "tool_calls": [
                        {
                            "id": c.id,
                            "type": "function",
                            "function": {"name": c.name, "arguments": json.dumps(c.input)},
                        }
                        for c in ex.calls
                    ],
                }
            )
            messages += [
                {"role": "tool", "tool_call_id": r.call_id, "content": r.content} for r in ex.results
            ]
        return {
            "model": self.model,
            "max_tokens": request.max_output_tokens,
            "stream": True,
            "stream_options": {"include_usage": True},
            "temperature": 0,
            "messages": messages,
            "tools": [
                {
                    "type": "function",
                    "function": {"name": t.name, "description": t.description, "parameters": t.input_schema},
                }
                for t in request.tools
            ],
            "tool_choice": "required",
        }

    def _read_turn(
        self, resp: httpx.Response, answer_tool: str, on_delta: DeltaCallback, state: _TurnState
    ) -> None:
        """Consume one turn's SSE lines: tool calls by index, the answer tool's arguments streamed."""
        for chunk in self._chunks(resp, state):
            for choice in chunk.get("choices") or []:
                if not isinstance(choice, dict):
                    continue
                delta = choice.get("delta") or {}
                if delta.get("refusal"):
                    raise LLMError(LLMFailure.REFUSAL, f"the model refused: {str(delta['refusal'])[:200]}")
                if delta.get("content"):
                    state.text.append(str(delta["content"]))
                for raw in delta.get("tool_calls") or []:
                    index = raw.get("index", 0) if isinstance(raw.get("index"), int) else 0
                    call = state.calls.setdefault(index, _CallState())
                    call.id = raw.get("id") or call.id
                    fn = raw.get("function") or {}
                    call.name = fn.get("name") or call.name
                    piece = fn.get("arguments") or ""
                    if piece:
                        call.arguments.append(piece)
                        if call.name == answer_tool:
                            state.answer.append(piece)
                            on_delta(piece)
                state.finish = str(choice.get("finish_reason") or "") or state.finish

    def stream_tool_call(
        self, request: LLMRequest, on_delta: DeltaCallback, deadline: Deadline
    ) -> LLMResponse:
        """One streamed attempt; see the protocol."""
        state = _StreamState(model=self.model)
        self._post(self._payload(request), deadline, lambda resp: self._read(resp, on_delta, state))
        if state.finish in {"content_filter", "refusal"}:
            raise LLMError(LLMFailure.REFUSAL, f"the model refused to answer ({state.finish})")
        if state.finish == "length":
            raise LLMError(LLMFailure.TRUNCATED, "the answer hit the output token budget")
        if not state.parts:
            raise LLMError(
                LLMFailure.REFUSAL, f"the model answered without the {request.tool_name} structure"
            )
        return LLMResponse(
            text="".join(state.parts), stop_reason=state.finish, usage=state.usage, model=state.model
        )

    def _read(self, resp: httpx.Response, on_delta: DeltaCallback, state: _StreamState) -> None:
        """Consume the SSE lines of one response into ``state``."""
        for chunk in self._chunks(resp, state):
            for text, reason in self._deltas(chunk):
                if text:
                    state.parts.append(text)
                    on_delta(text)
                state.finish = reason or state.finish

    @classmethod
    def _chunks(cls, resp: httpx.Response, meter: _Metered) -> Iterator[dict[str, Any]]:
        """The parsed ``data:`` chunks of one SSE response up to ``[DONE]``; model and usage to ``meter``."""
        for line in resp.iter_lines():
            if not line.startswith("data:"):
                continue
            data = line[5:].strip()
            if data == "[DONE]":
                return
            chunk = cls._parse_chunk(data)
            if chunk.get("model"):
                meter.model = str(chunk["model"])
            if isinstance(chunk.get("usage"), dict):
                meter.usage.input_tokens = int(chunk["usage"].get("prompt_tokens") or 0)
                meter.usage.output_tokens = int(chunk["usage"].get("completion_tokens") or 0)
            yield chunk

    @staticmethod
    def _parse_chunk(data: str) -> dict[str, Any]:
        try:
            chunk = json.loads(data)
        except json.JSONDecodeError as exc:
            raise LLMError(LLMFailure.MALFORMED, f"invalid stream chunk: {data[:120]!r}") from exc
        if not isinstance(chunk, dict):
            raise LLMError(LLMFailure.MALFORMED, f"invalid stream chunk: {data[:120]!r}")
        if isinstance(chunk.get("error"), dict):
            message = str(chunk["error"].get("message", chunk["error"]))[:ERROR_BODY_CHARS]
            raise LLMError(LLMFailure.SERVER_ERROR, f"error in stream: {message}")
        return chunk

    def _deltas(self, chunk: dict[str, Any]) -> list[tuple[str, str]]:
        """``(text, finish_reason)`` per choice: tool-call arguments, or content in json_schema mode."""
        out: list[tuple[str, str]] = []
        for choice in chunk.get("choices") or []:
            if not isinstance(choice, dict):
                continue
            delta = choice.get("delta") or {}
            reason = str(choice.get("finish_reason") or "")
            if delta.get("refusal"):
                raise LLMError(LLMFailure.REFUSAL, f"the model refused: {str(delta['refusal'])[:200]}")
            text = ""
            if self.structured_output == "json_schema":
                text = delta.get("content") or ""
            else:
                for call in delta.get("tool_calls") or []:
                    fn = call.get("function") or {}
                    text += fn.get("arguments") or ""
            out.append((text, reason))
        return out
