"""Server-Sent Events of one investigation, read from the database only.

Steps are committed before anyone sees them (the runner's sink), so the stream polls the step table:
a live viewer and a later replay get the same events with the same ids (the step's ``seq``), and a
browser that reconnects with ``Last-Event-ID`` continues after the last step it received. Any
api-server process can serve any stream, whichever process runs the investigation.

Events: ``step`` (id = seq, data = the step), ``status`` (the investigation's status changed),
``reset`` (the investigation was re-run since the client's last id: start over), and ``done`` (it
is finished; the stream closes). Comment lines keep proxies from closing a silent stream.
"""

from __future__ import annotations

import asyncio
import json
import time
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


async def stream_events(
    poll: Callable[[int], Any],
    *,
    after_seq: int,
    poll_seconds: float,
    keepalive_seconds: float,
    is_disconnected: Callable[[], Any],
    clock: Callable[[], float] = time.monotonic,
) -> AsyncIterator[str]:
    """The event stream; ``poll(after_seq)`` is awaited and returns a :class:`Poll`."""
    yield f"retry: {RETRY_MS}\n\n"
    last_seq = after_seq
    last_status: str | None = None
    last_sent = clock()
    first = True
    while True:
        if await is_disconnected():
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
