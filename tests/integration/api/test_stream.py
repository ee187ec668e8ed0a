"""The SSE stream on a real api-server: live steps in order with their persisted ids, resume, replay."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from typing import Any

import httpx
from helpers import DAG_TEAM, add_step, create, finish, read_stream, sse_events, start
from sqlalchemy.orm import Session, sessionmaker
from support.airflow_cluster import AirflowCluster

from airflow_pipeline_debugger.api.settings import AppSettings

API = "/pipeline-debugger/api"
#: Streams one user may hold open on the api-server (the production default).
STREAM_CAP = AppSettings().stream_max_per_user


def _steps(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e.get("event") == "step"]


def test_live_steps_arrive_in_order_with_persisted_ids(
    cluster: AirflowCluster, db: sessionmaker[Session]
) -> None:
    investigation_id = create(db, DAG_TEAM, finish=False)
    start(db, investigation_id)
    received: list[dict[str, Any]] = []
    arrived = threading.Condition()

    def listen() -> None:
        with (
            cluster.client("admin") as client,
            client.stream("GET", f"{API}/investigations/{investigation_id}/stream", timeout=60) as resp,
        ):
            for ev in sse_events(resp.iter_lines()):
                with arrived:
                    received.append(ev)
                    arrived.notify_all()
                if ev.get("event") == "done":
                    return

    def steps_received() -> list[str]:
        return [e["id"] for e in received if e.get("event") == "step"]

    listener = threading.Thread(target=listen)
    listener.start()
    with arrived:
        assert arrived.wait_for(lambda: received, 30), "the stream did not open"
    for n in range(1, 5):
        add_step(db, investigation_id, n)
        # Live: step n reaches the browser while the investigation is still running.
        with arrived:
            assert arrived.wait_for(lambda n=n: len(steps_received()) == n, 30), f"step {n} was not pushed"
        assert steps_received()[-1] == str(n)
    finish(db, investigation_id)
    listener.join(60)
    assert not listener.is_alive()

    steps = _steps(received)
    assert [s["id"] for s in steps] == ["1", "2", "3", "4"]
    assert [s["data"]["seq"] for s in steps] == [1, 2, 3, 4]
    assert steps[0]["data"]["title"] == "Step 1 <script>alert(1)</script>"
    events = [e.get("event") for e in received if e.get("event")]
    assert events == ["status", "step", "step", "step", "step", "status", "done"]
    assert [e["data"]["status"] for e in received if e.get("event") == "status"] == ["running", "succeeded"]
    assert received[-1]["data"] == {"status": "succeeded", "last_seq": 4}
    assert received[0].get("retry") == "2000"


def test_reconnect_with_last_event_id_resumes(cluster: AirflowCluster, db: sessionmaker[Session]) -> None:
    investigation_id = create(db, DAG_TEAM, finish=False)
    start(db, investigation_id)
    for n in (1, 2, 3):
        add_step(db, investigation_id, n)
    with cluster.client("admin") as client:
        # First connection while running: gets 1..3, then the test drops it.
        seen: list[str] = []
        with client.stream("GET", f"{API}/investigations/{investigation_id}/stream", timeout=60) as resp:
            for ev in sse_events(resp.iter_lines()):
                if ev.get("event") == "step":
                    seen.append(ev["id"])
                if len(seen) == 3:
                    break
        assert seen == ["1", "2", "3"]
        add_step(db, investigation_id, 4)
        add_step(db, investigation_id, 5)
        finish(db, investigation_id)
        resumed = read_stream(client, investigation_id, headers={"Last-Event-ID": "3"})
        assert [s["id"] for s in _steps(resumed)] == ["4", "5"]
        assert resumed[-1]["event"] == "done"
        # A Last-Event-ID from before a re-run (steps renumbered) starts over with a reset.
        assert client.post(f"{API}/investigations/{investigation_id}/rerun").status_code == 202
        start(db, investigation_id)
        add_step(db, investigation_id, 1)
        finish(db, investigation_id)
        after_rerun = read_stream(client, investigation_id, headers={"Last-Event-ID": "5"})
        assert [e.get("event") for e in after_rerun if e.get("event")] == ["reset", "status", "step", "done"]
        assert _steps(after_rerun)[0]["id"] == "1"


def test_finished_investigation_replays_identically(
    cluster: AirflowCluster, db: sessionmaker[Session]
) -> None:
    investigation_id = create(db, DAG_TEAM, steps=6)
    with cluster.client("admin") as client:
        first = read_stream(client, investigation_id)
        second = read_stream(client, investigation_id)
        detail = client.get(f"{API}/investigations/{investigation_id}").json()
    assert first == second
    assert [s["id"] for s in _steps(first)] == [str(n) for n in range(1, 7)]
    assert [s["data"] for s in _steps(first)] == detail["steps"]
    assert first[-1] == {"event": "done", "data": {"status": "succeeded", "last_seq": 6}}


def test_stream_of_unknown_or_unreadable_investigation_is_404(cluster: AirflowCluster) -> None:
    with cluster.client("admin") as client:
        resp = client.get(f"{API}/investigations/nope/stream")
    assert resp.status_code == 404
    with httpx.Client(base_url=cluster.base_url) as anonymous:
        assert anonymous.get(f"{API}/investigations/nope/stream").status_code == 401


def test_one_user_cannot_hold_more_than_the_stream_cap(
    cluster: AirflowCluster, db: sessionmaker[Session]
) -> None:
    """Streams of a stuck investigation, opened in a loop: past the per-user cap the answer is 429."""
    running = create(db, DAG_TEAM, finish=False)
    start(db, running)
    url = f"{API}/investigations/{running}/stream"
    with contextlib.ExitStack() as stack:
        client = stack.enter_context(cluster.client("viewer"))
        opened = []
        for _ in range(STREAM_CAP):
            resp = stack.enter_context(client.stream("GET", url))
            assert resp.status_code == 200
            opened.append(resp)
        with client.stream("GET", url) as refused:
            assert refused.status_code == 429
            assert "already open" in json.loads(refused.read())["detail"]
        with cluster.client("admin") as admin, admin.stream("GET", url) as other_user:
            assert other_user.status_code == 200  # the cap is per user
    # Closed streams give their slots back (once the server notices the client left).
    deadline = time.monotonic() + 30
    with cluster.client("viewer") as client:
        while True:
            with client.stream("GET", url) as again:
                if again.status_code == 200 or time.monotonic() > deadline:
                    break
            time.sleep(0.5)
        assert again.status_code == 200
