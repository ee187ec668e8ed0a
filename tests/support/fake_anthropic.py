"""A local HTTP server speaking the Anthropic Messages API, SSE streaming included.

Tests point the real ``anthropic`` SDK at it (``base_url``) so the whole client path runs: request
encoding, SSE decoding, partial tool-input JSON, usage, error statuses and ``retry-after``. Each
request takes the next scripted :class:`Reply` (or the default); every request body is recorded so
a test can assert on exactly what was sent (e.g. that a hostile log stayed inside its data block).

Usage::

    with FakeAnthropic() as server:
        server.script(Reply.tool_answer(answer_dict))
        client = anthropic.Anthropic(api_key="test", base_url=server.url)
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEFAULT_TOOL = "record_investigation"


@dataclass
class Reply:
    """One scripted response.

    :param status: HTTP status; anything but 200 sends an Anthropic error body.
    :param tool_input_text: the JSON text streamed as ``input_json_delta`` chunks.
    :param chunk_size: characters per delta.
    :param hang_after: stop sending after this many deltas and hold the connection open.
    :param gate_after: after the first delta containing this substring, wait for ``gate`` (proves
        that the client consumed earlier parts while the rest was still unsent).
    :param stop_reason: ``tool_use`` normally; ``refusal``/``max_tokens`` to test those paths.
    :param text_only: answer with a text block instead of the tool call.
    :param tool: the tool the reply calls (default: the forced tool, else ``record_investigation``);
        an evidence tool such as ``read_lines`` scripts one turn of a multi-turn investigation.
    """

    status: int = 200
    tool_input_text: str = ""
    chunk_size: int = 40
    headers: dict[str, str] = field(default_factory=dict)
    error_type: str = "api_error"
    hang_after: int | None = None
    gate_after: str = ""
    gate: threading.Event = field(default_factory=threading.Event)
    stop_reason: str = "tool_use"
    text_only: str = ""
    input_tokens: int = 1234
    output_tokens: int = 567
    delay: float = 0.0
    tool: str = ""

    @classmethod
    def tool_call(cls, tool: str, arguments: dict[str, Any], **kwargs: Any) -> Reply:
        """The model calls an evidence tool (``stop_reason = tool_use``) instead of answering."""
        return cls(tool_input_text=json.dumps(arguments), tool=tool, **kwargs)

    @classmethod
    def tool_answer(cls, answer: dict[str, Any] | str, **kwargs: Any) -> Reply:
        """Stream ``answer`` (a dict, or raw text for malformed cases) as the tool input."""
        text = answer if isinstance(answer, str) else json.dumps(answer)
        return cls(tool_input_text=text, **kwargs)

    @classmethod
    def error(cls, status: int, *, retry_after: str | None = None, error_type: str = "api_error") -> Reply:
        """An error status with Anthropic's error body."""
        headers = {"retry-after": retry_after} if retry_after is not None else {}
        return cls(status=status, headers=headers, error_type=error_type)


@dataclass
class RecordedRequest:
    """What the server received."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    at: float


class FakeAnthropic:
    """The server; a context manager that binds 127.0.0.1 on a free port."""

    def __init__(self, default: Reply | None = None, model: str = "claude-test-model") -> None:
        self.default = default or Reply.error(500)
        self.model = model
        self.requests: list[RecordedRequest] = []
        self.completed_sends: list[float] = []
        self._queue: deque[Reply | Callable[[dict[str, Any]], Reply]] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def script(self, *replies: Reply | Callable[[dict[str, Any]], Reply]) -> None:
        """Queue replies for the next requests, in order.

        A reply may be a function of the request body it answers: an answer that cites the line a
        tool result showed, when the test cannot know the evidence id or line number beforehand.
        """
        with self._lock:
            self._queue.extend(replies)

    def _next(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            item = self._queue.popleft() if self._queue else self.default
        return item if isinstance(item, Reply) else item(body)

    def __enter__(self) -> FakeAnthropic:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    body = {"_unparseable": raw.decode("utf-8", "replace")}
                with server._lock:
                    server.requests.append(
                        RecordedRequest(
                            self.path, {k.lower(): v for k, v in self.headers.items()}, body, time.time()
                        )
                    )
                reply = server._next(body)
                if reply.delay:
                    time.sleep(reply.delay)
                if self.path.rstrip("/") != "/v1/messages":
                    self._error(404, "not_found_error", f"no route {self.path}")
                    return
                if reply.status != 200:
                    self._error(reply.status, reply.error_type, f"scripted {reply.status}", reply.headers)
                    return
                if body.get("stream"):
                    self._stream(body, reply)
                else:
                    self._json(body, reply)

            def _error(
                self, status: int, kind: str, message: str, headers: dict[str, str] | None = None
            ) -> None:
                payload = json.dumps({"type": "error", "error": {"type": kind, "message": message}}).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(payload)

            def _tool_name(self, body: dict[str, Any], reply: Reply) -> str:
                choice = body.get("tool_choice") or {}
                return reply.tool or str(choice.get("name") or DEFAULT_TOOL)

            def _json(self, body: dict[str, Any], reply: Reply) -> None:
                content: list[dict[str, Any]]
                if reply.text_only:
                    content = [{"type": "text", "text": reply.text_only}]
                else:
                    content = [
                        {
                            "type": "tool_use",
                            "id": f"toolu_fake_{len(server.requests)}",
                            "name": self._tool_name(body, reply),
                            "input": json.loads(reply.tool_input_text),
                        }
                    ]
                payload = json.dumps(
                    {
                        "id": "msg_fake",
                        "type": "message",
                        "role": "assistant",
                        "model": server.model,
                        "content": content,
                        "stop_reason": reply.stop_reason,
                        "stop_sequence": None,
                        "usage": {"input_tokens": reply.input_tokens, "output_tokens": reply.output_tokens},
                    }
                ).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _event(self, name: str, data: dict[str, Any]) -> None:
                chunk = f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.flush()

            def _stream(self, body: dict[str, Any], reply: Reply) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("cache-control", "no-cache")
                self.send_header("transfer-encoding", "chunked")
                self.end_headers()
                try:
                    self._stream_events(body, reply)
                    self.wfile.write(b"0\r\n\r\n")
                    self.wfile.flush()
                    with server._lock:
                        server.completed_sends.append(time.time())
                except (BrokenPipeError, ConnectionResetError):
                    return

            def _stream_events(self, body: dict[str, Any], reply: Reply) -> None:
                self._event(
                    "message_start",
                    {
                        "type": "message_start",
                        "message": {
                            "id": "msg_fake",
                            "type": "message",
                            "role": "assistant",
                            "model": server.model,
                            "content": [],
                            "stop_reason": None,
                            "stop_sequence": None,
                            "usage": {"input_tokens": reply.input_tokens, "output_tokens": 1},
                        },
                    },
                )
                if reply.text_only:
                    self._event(
                        "content_block_start",
                        {
                            "type": "content_block_start",
                            "index": 0,
                            "content_block": {"type": "text", "text": ""},
                        },
                    )
                    self._event(
                        "content_block_delta",
                        {
                            "type": "content_block_delta",
                            "index": 0,
                            "delta": {"type": "text_delta", "text": reply.text_only},
                        },
                    )
                else:
                    self._event(
                        "content_block_start",
                        {
                            "type": "content_block_start",
                            "index": 0,
                            "content_block": {
                                "type": "tool_use",
                                "id": f"toolu_fake_{len(server.requests)}",
                                "name": self._tool_name(body, reply),
                                "input": {},
                            },
                        },
                    )
                    self._event("ping", {"type": "ping"})
                    text = reply.tool_input_text
                    gated = False
                    for n, start in enumerate(range(0, len(text), reply.chunk_size)):
                        if reply.hang_after is not None and n >= reply.hang_after:
                            server._stopping.wait(60)
                            return
                        piece = text[start : start + reply.chunk_size]
                        self._event(
                            "content_block_delta",
                            {
                                "type": "content_block_delta",
                                "index": 0,
                                "delta": {"type": "input_json_delta", "partial_json": piece},
                            },
                        )
                        if (
                            reply.gate_after
                            and not gated
                            and reply.gate_after in text[: start + reply.chunk_size]
                        ):
                            gated = True
                            reply.gate.wait(10)
                self._event("content_block_stop", {"type": "content_block_stop", "index": 0})
                self._event(
                    "message_delta",
                    {
                        "type": "message_delta",
                        "delta": {"stop_reason": reply.stop_reason, "stop_sequence": None},
                        "usage": {"output_tokens": reply.output_tokens},
                    },
                )
                self._event("message_stop", {"type": "message_stop"})

        return Handler
