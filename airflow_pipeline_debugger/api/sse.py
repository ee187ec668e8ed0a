"""Server-Sent Events of one investigation, read from the database only.

Steps are committed before anyone sees them (the runner's sink), so the stream polls the step table:
a live viewer and a later replay get the same events with the same ids (the step's ``seq``), and a
browser that reconnects with ``Last-Event-ID`` continues after the last step it received. Any
api-server process can serve any stream, whichever process runs the investigation.

Events: ``step`` (id = seq, data = the step), ``status`` (the investigation's status changed),
``reset`` (the investigation was re-run since the client's last id: start over), and ``done`` (it
is finished; the stream closes). Comment lines keep proxies from closing a silent stream.

Streams are bounded: one lives at most ``max_seconds`` (then it closes and the browser reconnects
with ``Last-Event-ID``, losing nothing), and a user holds at most a few at a time in one process
(:class:`StreamSlots`), so a stuck investigation or a script opening streams in a loop cannot pin
the api-server's connections and database polls for ever.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from airflow_pipeline_debugger.store.models import InvestigationStatus

#: Browsers wait this long before reconnecting a dropped stream.
RETRY_MS = 2000


def event(name: str, data: Any, event_id: int | None = None) -> str:
    """One SSE event; ``data`` is JSON on a single line (no newline can split the frame)."""
    head = f"id: {event_id}\n" if event_id is not None else ""
    payload = json.dumps(data, default=str, separators=(",", ":"), ensure_ascii=False)
    return f"{head}event: {name}\ndata: {payload}\n\n"


def comment(text: str) -> str:
    """A comment line (ignored by EventSource; keeps the connection alive)."""
    return f": {text}\n\n"


def parse_last_event_id(value: str | None) -> int:
    """The seq after which to resume; 0 (from the start) when absent or not a number."""
    if value is None:
        return 0
    value = value.strip()
    return int(value) if value.isdigit() else 0


@dataclass
class Poll:
    """One read of the investigation: status first, then the steps after ``after_seq``.

    Reading the status before the steps means a finished status guarantees every step is in
    the same read (the runner commits its last step before the outcome).
    """

    status: str | None
    #: False when the step the client resumes after no longer exists (the investigation was re-run).
    resume_ok: bool = True
    steps: list[dict[str, Any]] = field(default_factory=list)


class StreamSlots:
    """Open streams per user in this process; :meth:`acquire` refuses past ``per_user``."""

    def __init__(self, per_user: int) -> None:
        """``per_user``: streams one user may hold open at once."""
        self.per_user = per_user
        self._open: Counter[str] = Counter()
        self._lock = threading.Lock()

    def acquire(self, user: str) -> bool:
        """Take a slot for ``user``; False when they already hold ``per_user``."""
        with self._lock:
            if self._open[user] >= self.per_user:
                return False
            self._open[user] += 1
            return True

    def release(self, user: str) -> None:
        """Give a slot back."""
        with self._lock:
            self._open[user] -= 1
            if self._open[user] <= 0:
                del self._open[user]


class Slot:
    """One acquired stream slot, released exactly once whichever way the response ends."""

    def __init__(self, slots: StreamSlots, user: str) -> None:
        """A slot of ``user`` that ``slots.acquire`` already granted."""
        self._slots = slots
        self._user = user
        self._held = True

    def release(self) -> None:
        """Give the slot back (later calls do nothing)."""
        if self._held:
            self._held = False
            self._slots.release(self._user)

    async def hold(self, events: AsyncIterator[str]) -> AsyncIterator[str]:
        """``events``, releasing the slot when the stream ends, fails or the client goes away."""
        try:
            async for chunk in events:
                yield chunk
        finally:
            self.release()


async def stream_events(
    poll: Callable[[int], Any],
    *,
    after_seq: int,
    poll_seconds: float,
    keepalive_seconds: float,
    is_disconnected: Callable[[], Any],
    max_seconds: float = float("inf"),
    clock: Callable[[], float] = time.monotonic,
) -> AsyncIterator[str]:
    """The event stream; ``poll(after_seq)`` is awaited and returns a :class:`Poll`.

    After ``max_seconds`` the stream closes without ``done``: the browser reconnects with the id of
    the last step it got and continues from there.
    """
    yield f"retry: {RETRY_MS}\n\n"
    last_seq = after_seq
    last_status: str | None = None
    last_sent = clock()
    ends_at = last_sent + max_seconds
    first = True
    while True:
        if await is_disconnected():
            return
        if clock() >= ends_at:
            yield comment("stream lifetime reached; reconnect to continue")
            return
        result: Poll = await poll(last_seq)
        if result.status is None:
            yield event("done", {"status": "deleted", "last_seq": last_seq})
            return
        if first and not result.resume_ok:
            # Steps are never deleted except by a re-run: the client's ids belong to the old run.
            yield event("reset", {"reason": "the investigation was re-run", "status": result.status})
            last_seq = 0
            result = await poll(0)
        first = False
        if result.status != last_status:
            yield event("status", {"status": result.status})
            last_status = result.status
            last_sent = clock()
        for step in result.steps:
            yield event("step", step, event_id=int(step["seq"]))
            last_seq = int(step["seq"])
            last_sent = clock()
        if result.status not in InvestigationStatus.ACTIVE:
            yield event("done", {"status": result.status, "last_seq": last_seq})
            return
        if clock() - last_sent >= keepalive_seconds:
            yield comment("keepalive")
            last_sent = clock()
        await asyncio.sleep(poll_seconds)
