"""The SSE event generator with a scripted database and a fake clock."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from airflow_pipeline_debugger.api.sse import (
    Poll,
    Slot,
    StreamSlots,
    comment,
    event,
    parse_last_event_id,
    stream_events,
)


def test_event_framing_keeps_data_on_one_line() -> None:
    text = event("step", {"title": "a\nb <script>"}, event_id=7)
    assert text.startswith("id: 7\nevent: step\ndata: ")
    assert text.endswith("\n\n")
    data_line = text.split("\n")[2]
    assert json.loads(data_line.removeprefix("data: ")) == {"title": "a\nb <script>"}
    assert comment("keepalive") == ": keepalive\n\n"


@pytest.mark.parametrize(
    ("value", "expected"), [(None, 0), ("", 0), ("12", 12), (" 3 ", 3), ("-1", 0), ("x", 0)]
)
def test_last_event_id(value: str | None, expected: int) -> None:
    assert parse_last_event_id(value) == expected


def _step(seq: int) -> dict[str, Any]:
    return {"seq": seq, "title": f"s{seq}"}


def _run(
    polls: list[Poll], *, after_seq: int = 0, clock: Callable[[], float] | None = None
) -> tuple[list[str], list[int]]:
    asked: list[int] = []
    script = iter(polls)

    async def poll(after: int) -> Poll:
        asked.append(after)
        return next(script)

    async def connected() -> bool:
        return False

    async def collect() -> list[str]:
        return [
            chunk
            async for chunk in stream_events(
                poll,
                after_seq=after_seq,
                poll_seconds=0,
                keepalive_seconds=10,
                is_disconnected=connected,
                clock=clock or (lambda: 0.0),
            )
        ]

    return asyncio.run(collect()), asked


def test_live_then_done() -> None:
    chunks, asked = _run(
        [
            Poll("running", steps=[_step(1)]),
            Poll("running", steps=[]),
            Poll("running", steps=[_step(2), _step(3)]),
            Poll("succeeded", steps=[]),
        ]
    )
    assert asked == [0, 1, 1, 3]
    assert chunks[0] == "retry: 2000\n\n"
    assert chunks[1] == event("status", {"status": "running"})
    assert chunks[2] == event("step", _step(1), 1)
    assert chunks[3:5] == [event("step", _step(2), 2), event("step", _step(3), 3)]
    assert chunks[5] == event("status", {"status": "succeeded"})
    assert chunks[-1] == event("done", {"status": "succeeded", "last_seq": 3})


def test_keepalive_comment_during_silence() -> None:
    now = [0.0]

    def clock() -> float:
        now[0] += 4.0
        return now[0]

    chunks, _ = _run([Poll("running"), Poll("running"), Poll("running"), Poll("failed")], clock=clock)
    assert comment("keepalive") in chunks
    assert chunks[-1] == event("done", {"status": "failed", "last_seq": 0})


def test_resume_after_a_rerun_resets() -> None:
    chunks, asked = _run(
        [Poll("running", resume_ok=False), Poll("running", steps=[_step(1)]), Poll("succeeded")], after_seq=9
    )
    assert asked == [9, 0, 1]
    assert chunks[1] == event("reset", {"reason": "the investigation was re-run", "status": "running"})
    assert event("step", _step(1), 1) in chunks


def test_deleted_investigation_ends_the_stream() -> None:
    chunks, _ = _run([Poll(None)], after_seq=2)
    assert chunks[-1] == event("done", {"status": "deleted", "last_seq": 2})


def test_stream_closes_at_its_lifetime_without_done() -> None:
    """A stuck investigation: the stream ends after max_seconds, and the browser reconnects."""
    ticks = iter(range(0, 10_000, 5))

    async def poll(after: int) -> Poll:
        return Poll("running", steps=[])

    async def connected() -> bool:
        return False

    async def collect() -> list[str]:
        events = stream_events(
            poll,
            after_seq=0,
            poll_seconds=0,
            keepalive_seconds=1_000,
            is_disconnected=connected,
            max_seconds=60,
            clock=lambda: float(next(ticks)),
        )
        return [chunk async for chunk in events]

    chunks = asyncio.run(collect())
    assert chunks[-1].startswith(": stream lifetime reached")
    assert not any("event: done" in c for c in chunks)


def test_stream_slots_cap_each_user_and_release_once() -> None:
    slots = StreamSlots(per_user=2)
    assert slots.acquire("ann") and slots.acquire("ann")
    assert not slots.acquire("ann")
    assert slots.acquire("bob")
    slot = Slot(slots, "ann")
    slot.release()
    slot.release()  # a second release (body ended, then the background task) changes nothing
    assert slots.acquire("ann")
    assert not slots.acquire("ann")


def test_slot_is_released_when_the_stream_is_abandoned() -> None:
    slots = StreamSlots(per_user=1)
    assert slots.acquire("ann")

    async def endless() -> AsyncIterator[str]:
        while True:
            yield "x"

    async def read_one_then_leave() -> None:
        stream = Slot(slots, "ann").hold(endless())
        assert await anext(stream) == "x"
        await stream.aclose()

    asyncio.run(read_one_then_leave())
    assert slots.acquire("ann")
