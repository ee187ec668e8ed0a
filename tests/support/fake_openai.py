"""A local HTTP server speaking OpenAI-compatible chat completions with SSE streaming.

It stands in for OpenRouter, vLLM or Ollama behind the engine's ``OpenAICompatibleClient``. The
answer streams as ``tool_calls[0].function.arguments`` deltas (or as ``content`` deltas when the
request asks for a JSON-schema response format), followed by a usage chunk and ``[DONE]``.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class ChatReply:
    """One scripted response (see :class:`tests.support.fake_anthropic.Reply` for the idea)."""

    status: int = 200
    text: str = ""
    chunk_size: int = 50
    headers: dict[str, str] = field(default_factory=dict)
    finish_reason: str = "tool_calls"
    hang_after: int | None = None
    #: The function the reply calls (default: the forced one, else ``record_investigation``).
    tool: str = ""

    @classmethod
    def tool_call(cls, tool: str, arguments: dict[str, Any]) -> ChatReply:
        """The model calls an evidence tool instead of answering (one turn of a conversation)."""
        return cls(text=json.dumps(arguments), tool=tool)


class FakeOpenAI:
    """The server; a context manager bound to 127.0.0.1 on a free port. ``url`` ends in ``/v1``."""

    def __init__(self, default: ChatReply | None = None, model: str = "local-test-model") -> None:
        self.default = default or ChatReply(status=500)
        self.model = model
        self.requests: list[dict[str, Any]] = []
        self.auth: list[str] = []
        self._queue: deque[ChatReply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *replies: ChatReply) -> None:
        with self._lock:
            self._queue.extend(replies)

    def __enter__(self) -> FakeOpenAI:
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
                body = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)) or b"{}")
                with server._lock:
                    server.requests.append(body)
                    server.auth.append(self.headers.get("authorization", ""))
                    reply = server._queue.popleft() if server._queue else server.default
                if self.path != "/v1/chat/completions" or reply.status != 200:
                    status = 404 if self.path != "/v1/chat/completions" else reply.status
                    payload = json.dumps({"error": {"message": f"scripted {status}"}}).encode()
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("transfer-encoding", "chunked")
                self.end_headers()
                json_mode = (body.get("response_format") or {}).get("type") == "json_schema"
                forced = body.get("tool_choice")
                forced_name = forced.get("function", {}).get("name") if isinstance(forced, dict) else None
                tool_name = reply.tool or forced_name or "record_investigation"
                call_id = f"call_{len(server.requests)}"
                try:
                    for n, start in enumerate(range(0, len(reply.text), reply.chunk_size)):
                        if reply.hang_after is not None and n >= reply.hang_after:
                            server._stopping.wait(60)
                            return
                        piece = reply.text[start : start + reply.chunk_size]
                        if json_mode:
                            delta: dict[str, Any] = {"content": piece}
                        elif n == 0:
                            first = {"name": tool_name, "arguments": piece}
                            call = {"index": 0, "id": call_id, "type": "function", "function": first}
                            delta = {"tool_calls": [call]}
                        else:
                            delta = {"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}
                        self._send({"model": server.model, "choices": [{"index": 0, "delta": delta}]})
                    self._send(
                        {
                            "model": server.model,
                            "choices": [{"index": 0, "delta": {}, "finish_reason": reply.finish_reason}],
                        }
                    )
                    self._send(
                        {
                            "model": server.model,
                            "choices": [],
                            "usage": {"prompt_tokens": 321, "completion_tokens": 123},
                        }
                    )
                    self._write(b"data: [DONE]\n\n")
                    self.wfile.write(b"0\r\n\r\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    return

            def _send(self, obj: dict[str, Any]) -> None:
                self._write(f"data: {json.dumps(obj)}\n\n".encode())

            def _write(self, data: bytes) -> None:
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

        return Handler
