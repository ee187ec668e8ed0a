"""A local Slack: incoming webhooks and the Web API methods the provider uses, on 127.0.0.1.

Speaks the real wire protocol so the real ``SlackWebhookHook`` / ``SlackHook`` (slack_sdk) can be
pointed at it:

* ``POST /services/T…/B…/X…`` — incoming webhook: ``200 ok``; Slack's plain-text errors
  (``invalid_payload``, ``no_service``, ``invalid_token``) with their status codes.
* ``POST /api/chat.postMessage`` and ``/api/chat.update`` — bearer token checked
  (``invalid_auth``), channel names resolved to ids (``channel_not_found``; ``chat.update`` wants
  the id, as Slack does), ``thread_ts`` must name a parent (``thread_not_found``), ``ts`` must exist
  for updates (``message_not_found``); answers ``{"ok": true, "channel", "ts", "message"}``.
* Block Kit limits are enforced like Slack does (``invalid_blocks``, ``msg_too_long``), so a test
  passes only if the message would be accepted.
* Button presses go the other way: :func:`signed_interaction` builds the request Slack's
  interactivity sends to an app (``block_actions`` payload, signed with the app's signing secret),
  and :meth:`FakeSlack.button_values` reads the buttons of the messages an app posted.
* Faults are scripted: ``fail_next(status=429, retry_after=…)``, 5xx, an ``ok:false`` error, or a
  dropped connection; ``stop()`` gives a full outage (connection refused).

Every request is recorded (method, path, headers, parsed body) for assertions on exactly what
Slack would have received.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_TEXT = 40_000


@dataclass
class Fault:
    """One scripted failure for the next matching request."""

    status: int = 200
    error: str = ""
    retry_after: int | None = None
    drop: bool = False
    path_contains: str = ""


@dataclass
class Received:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    raw: bytes
    at: float
    status: int = 0
    response: dict[str, Any] | str = ""


@dataclass
class Message:
    """A message stored in a channel."""

    channel: str
    ts: str
    text: str
    blocks: list[Any]
    thread_ts: str = ""
    updates: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)


def signed_interaction(
    secret: str, action_id: str, value: str, *, user: str = "alice", age_s: int = 0
) -> tuple[bytes, dict[str, str]]:
    """Body and headers of Slack's request when ``user`` presses a button, signed as Slack signs it.

    ``v0=HMAC-SHA256(secret, "v0:<timestamp>:<body>")``; ``age_s`` dates the timestamp back (a replay).
    """
    payload = {
        "type": "block_actions",
        "user": {"id": "U024BE7LH", "username": user, "name": user, "team_id": "T0001"},
        "actions": [{"action_id": action_id, "value": value, "type": "button"}],
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()
    ts = str(int(time.time()) - age_s)
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
    }
    return body, headers


def validate_blocks(text: str, blocks: Any) -> str:
    """The Slack error for a payload that would be rejected, else ``""``."""
    if len(text) > MAX_TEXT:
        return "msg_too_long"
    if not text and not blocks:
        return "no_text"
    if blocks in (None, ""):
        return ""
    if not isinstance(blocks, list) or len(blocks) > MAX_BLOCKS:
        return "invalid_blocks"
    for block in blocks:
        if not isinstance(block, dict) or "type" not in block:
            return "invalid_blocks"
        kind = block["type"]
        if kind == "header" and len(block.get("text", {}).get("text", "")) > MAX_HEADER_TEXT:
            return "invalid_blocks"
        if kind == "section":
            if len(block.get("text", {}).get("text", "")) > MAX_SECTION_TEXT:
                return "invalid_blocks"
            fields = block.get("fields", [])
            if len(fields) > 10 or any(len(f.get("text", "")) > 2000 for f in fields):
                return "invalid_blocks"
        if kind == "context" and len(block.get("elements", [])) > 10:
            return "invalid_blocks"
        if kind == "actions":
            for el in block.get("elements", []):
                if len(el.get("url", "")) > 3000 or len(el.get("text", {}).get("text", "")) > 75:
                    return "invalid_blocks"
    return ""


class FakeSlack:
    """The server; use as a context manager or call :meth:`start` / :meth:`stop`."""

    def __init__(
        self,
        *,
        tokens: tuple[str, ...] = ("xoxb-fake-token",),
        channels: dict[str, str] | None = None,
        webhook_path: str = "/services/T000/B000/XXXXXXXX",
        latency_s: float = 0.0,
    ) -> None:
        self.tokens = set(tokens)
        #: name (without ``#``) → id; a channel id is accepted as itself.
        self.channels = dict(
            channels or {"alerts": "C0ALERTS", "data-quality": "C0DATAQ", "platform": "C0PLAT"}
        )
        self.webhook_path = webhook_path
        self.webhook_channel = "C0HOOK"
        self.latency_s = latency_s
        self.received: list[Received] = []
        self.messages: dict[tuple[str, str], Message] = {}
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # ------------------------------------------------------------------ lifecycle

    def start(self, port: int = 0) -> FakeSlack:
        """Listen on 127.0.0.1 (``port=0`` picks a free port) in a daemon thread."""
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", port or self.port), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-slack", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening: every later request gets "connection refused" (a Slack outage)."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        """Web API base URL for the connection extra ``base_url``."""
        return f"http://127.0.0.1:{self.port}/api/"

    @property
    def webhook_url(self) -> str:
        """Full incoming-webhook URL for the connection password."""
        return f"http://127.0.0.1:{self.port}{self.webhook_path}"

    # ------------------------------------------------------------------ scripting and inspection

    def fail_next(
        self,
        count: int = 1,
        *,
        status: int = 200,
        error: str = "",
        retry_after: int | None = None,
        drop: bool = False,
        path_contains: str = "",
    ) -> None:
        """Make the next ``count`` matching requests fail this way."""
        with self._lock:
            for _ in range(count):
                self._faults.append(Fault(status, error, retry_after, drop, path_contains))

    def calls(self, method: str | None = None) -> list[Received]:
        """Recorded requests, optionally only one API method (``chat.postMessage``) or ``webhook``."""
        with self._lock:
            out = list(self.received)
        if method is None:
            return out
        if method == "webhook":
            return [r for r in out if r.path.startswith("/services/")]
        return [r for r in out if r.path.endswith("/" + method)]

    def successful(self, method: str | None = None) -> list[Received]:
        """Recorded requests that Slack accepted."""
        return [
            r
            for r in self.calls(method)
            if r.status == 200
            and (r.response == "ok" or (isinstance(r.response, dict) and r.response.get("ok")))
        ]

    def top_level_messages(self) -> list[Message]:
        """Messages posted to a channel (not thread replies)."""
        with self._lock:
            return [m for m in self.messages.values() if not m.thread_ts]

    def replies(self, parent_ts: str) -> list[Message]:
        """Thread replies under a parent."""
        with self._lock:
            return [m for m in self.messages.values() if m.thread_ts == parent_ts]

    def button_values(self, action_id: str) -> list[str]:
        """The ``value`` of every button ``action_id`` in the messages as they stand now, oldest first."""
        with self._lock:
            messages = list(self.messages.values())
        return [
            str(element.get("value", ""))
            for message in messages
            for block in message.blocks or []
            if isinstance(block, dict) and block.get("type") == "actions"
            for element in block.get("elements", [])
            if element.get("action_id") == action_id
        ]

    def everything_received(self) -> str:
        """All request bodies as one string (secret-leak assertions)."""
        return "\n".join(r.raw.decode("utf-8", "replace") for r in self.calls())

    # ------------------------------------------------------------------ behaviour

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in list(self._faults):
                if not fault.path_contains or fault.path_contains in path:
                    self._faults.remove(fault)
                    return fault
        return None

    def _next_ts(self) -> str:
        return f"{1_790_000_000 + next(self._ts)}.{next(self._ts):06d}"

    def _channel_id(self, channel: str, *, allow_name: bool = True) -> str | None:
        name = channel.lstrip("#")
        if channel in self.channels.values():
            return channel
        if allow_name and name in self.channels:
            return self.channels[name]
        return None

    def web_api(self, method: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
        """Answer one Web API call (HTTP 200 with ``ok`` true or false, like Slack)."""
        if token not in self.tokens:
            return {"ok": False, "error": "invalid_auth"}
        text = str(body.get("text") or "")
        blocks = body.get("blocks")
        if isinstance(blocks, str):
            try:
                blocks = json.loads(blocks) if blocks else None
            except json.JSONDecodeError:
                return {"ok": False, "error": "invalid_blocks_format"}
        if method == "chat.postMessage":
            channel = self._channel_id(str(body.get("channel") or ""))
            if channel is None:
                return {"ok": False, "error": "channel_not_found"}
            if err := validate_blocks(text, blocks):
                return {"ok": False, "error": err}
            thread_ts = str(body.get("thread_ts") or "")
            with self._lock:
                if thread_ts and (channel, thread_ts) not in self.messages:
                    return {"ok": False, "error": "thread_not_found"}
                ts = self._next_ts()
                self.messages[(channel, ts)] = Message(channel, ts, text, blocks or [], thread_ts)
            return {"ok": True, "channel": channel, "ts": ts, "message": {"text": text, "ts": ts}}
        if method == "chat.update":
            channel = self._channel_id(str(body.get("channel") or ""), allow_name=False)
            if channel is None:
                return {"ok": False, "error": "channel_not_found"}
            if err := validate_blocks(text, blocks):
                return {"ok": False, "error": err}
            ts = str(body.get("ts") or "")
            with self._lock:
                msg = self.messages.get((channel, ts))
                if msg is None:
                    return {"ok": False, "error": "message_not_found"}
                msg.history.append({"text": msg.text, "blocks": msg.blocks})
                msg.text, msg.blocks, msg.updates = text, blocks or [], msg.updates + 1
            return {"ok": True, "channel": channel, "ts": ts, "text": text}
        return {"ok": False, "error": "unknown_method"}

    def webhook(self, path: str, body: dict[str, Any] | None) -> tuple[int, str]:
        """Answer one incoming-webhook post with Slack's status and plain-text body."""
        if path != self.webhook_path:
            return 404, "no_service"
        if body is None:
            return 400, "invalid_payload"
        text = str(body.get("text") or "")
        if err := validate_blocks(text, body.get("blocks")):
            return 400, "invalid_blocks" if err != "no_text" else "no_text"
        with self._lock:
            ts = self._next_ts()
            self.messages[(self.webhook_channel, ts)] = Message(
                self.webhook_channel, ts, text, body.get("blocks") or []
            )
        return 200, "ok"


class _Handler(BaseHTTPRequestHandler):
    fake: FakeSlack
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""

    def _send(self, status: int, body: str, content_type: str, headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        fake = self.fake
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        ctype = self.headers.get("Content-Type", "")
        body: dict[str, Any] | None
        try:
            if "application/x-www-form-urlencoded" in ctype:
                body = {k: v[0] for k, v in parse_qs(raw.decode("utf-8")).items()}
            else:
                parsed = json.loads(raw or b"{}")
                body = parsed if isinstance(parsed, dict) else None
        except (json.JSONDecodeError, UnicodeDecodeError):
            body = None
        record = Received("POST", self.path, dict(self.headers.items()), body or {}, raw, time.time())
        with fake._lock:
            fake.received.append(record)
        if fake.latency_s:
            time.sleep(fake.latency_s)
        fault = fake._take_fault(self.path)
        is_api = self.path.startswith("/api/")
        if fault is not None:
            if fault.drop:
                record.status = -1
                self.close_connection = True
                self.connection.shutdown(2)
                return
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            if fault.status == 429:
                response: dict[str, Any] | str = (
                    {"ok": False, "error": "ratelimited"} if is_api else "rate_limited"
                )
            elif fault.status >= 500:
                response = "<html>Service Unavailable</html>"
            else:
                response = {"ok": False, "error": fault.error} if is_api else fault.error
            record.status, record.response = fault.status, response
            if isinstance(response, dict):
                self._send(fault.status, json.dumps(response), "application/json", headers)
            else:
                ctype_out = "text/html" if fault.status >= 500 else "text/plain"
                self._send(fault.status, response, ctype_out, headers)
            return
        if is_api:
            auth = self.headers.get("Authorization", "")
            token = auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else ""
            method = self.path.rsplit("/", 1)[-1].split("?", 1)[0]
            answer = fake.web_api(method, token, body or {})
            record.status, record.response = 200, answer
            self._send(200, json.dumps(answer), "application/json; charset=utf-8")
            return
        status, text = fake.webhook(self.path, body)
        record.status, record.response = status, text
        self._send(status, text, "text/plain")
