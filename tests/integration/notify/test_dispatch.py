"""The runner's Slack dispatch end to end: a migrated Airflow DB (SQLite and PostgreSQL), finished
investigations written through the repository, the real provider hooks talking to the fake Slack.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker
from support.fake_slack import FakeSlack, Message

from airflow_pipeline_debugger.domain import Evidence, EvidenceKind, InvestigationResult, TaskKey
from airflow_pipeline_debugger.engine.topology import DEFAULT_TOPOLOGY, Topology, load_topology
from airflow_pipeline_debugger.notify import dispatch
from airflow_pipeline_debugger.notify.delivery import RetryPolicy, Transport, open_transport
from airflow_pipeline_debugger.notify.dispatch import Dispatcher
from airflow_pipeline_debugger.store import incidents, repository
from airflow_pipeline_debugger.store.incident_models import incident_table
from airflow_pipeline_debugger.store.models import Investigation
from airflow_pipeline_debugger.store.session import session_scope
from airflow_pipeline_debugger.trigger.capture import Capture

REFUSED = 'connection to server at "warehouse.internal" (10.0.0.5), port 5432 failed: Connection refused'
SECRET = "Sup3rS3cretPassw0rd"
TOKEN = "xoxb-111111111111-222222222222-abcdefghijklmnopqrstuvwx"


def _topology(tmp_path: Any) -> Topology:
    text = DEFAULT_TOPOLOGY.read_text(encoding="utf-8")
    text = text.replace(
        '[routing.infra]\nchannel = ""\nmentions = []',
        '[routing.infra]\nchannel = "#platform"\nmentions = ["@platform-oncall"]',
    )
    text += (
        '\n[routing.data]\nchannel = "#data-quality"\nmentions = ["S0DATAQUAL1"]\n'
        'escalation = ["data-quality on-call"]\n'
    )
    path = tmp_path / "topology.toml"
    path.write_text(text, encoding="utf-8")
    return load_topology(path)


@dataclass
class Failure:
    """One failed try and what its investigation concluded."""

    dag_id: str = "sales"
    task_id: str = "load_orders"
    run_id: str = "scheduled__2026-11-22T00:00:00+00:00"
    map_index: int = -1
    error_type: str = "psycopg2.OperationalError"
    error_message: str = REFUSED
    category: str = "infra"
    rule_id: str = "airflow.connection_refused"
    title: str = "The warehouse database refused connections"
    confidence: int = 88
    fix: str = "Check that warehouse.internal:5432 is up, then clear the failed tasks."
    log: str = "\n".join(
        [
            "[2026-11-22 00:00:01] INFO - starting",
            "[2026-11-22 00:00:02] INFO - connecting to the warehouse",
            f"[2026-11-22 00:00:03] ERROR - psycopg2.OperationalError: {REFUSED}",
            "[2026-11-22 00:00:04] INFO - marking task as FAILED",
        ]
    )
    cites: list[str] = field(default_factory=lambda: ["E1:L3"])

    def fingerprint(self) -> str:
        raw = "\x1f".join([self.dag_id, self.task_id, self.rule_id, self.error_type])
        return hashlib.sha256(raw.encode()).hexdigest()


def record(factory: sessionmaker[Session], f: Failure) -> str:
    """Write a finished investigation the way the runner does (capture, evidence, result)."""
    key = TaskKey(f.dag_id, f.run_id, f.task_id, f.map_index, 1)
    capture = Capture(
        key=key, via="callback", max_tries=0, error_type=f.error_type, error_message=f.error_message
    )
    result = InvestigationResult.from_json(
        {
            "pipeline_type": "airflow",
            "category": f.category,
            "transience": "transient",
            "root_cause": {
                "title": f.title,
                "summary": "",
                "confidence": f.confidence,
                "evidence": f.cites,
                "rule_id": f.rule_id,
            },
            "remediation": {"immediate_fix": f.fix},
            "fingerprint": f.fingerprint(),
        }
    )
    with session_scope(factory) as s:
        row, _ = repository.ensure_investigation(
            s, **key.to_json(), trigger="listener", capture=capture.to_json()
        )
        inv_id = row.id
        s.execute(
            update(Investigation).where(Investigation.id == inv_id).values(status="running", claimed_by="t")
        )
        repository.add_artifact(
            s, inv_id, Evidence(id="E1", kind=EvidenceKind.LOG, name="task log", source="t", content=f.log)
        )
        assert repository.mark_succeeded(s, inv_id, result, runner_id="t")
    return str(inv_id)


def add_dag(
    factory: sessionmaker[Session], dag_id: str, *, owners: str = "airflow", tags: tuple[str, ...] = ()
) -> None:
    from airflow.models.dag import DagModel, DagTag
    from airflow.models.dagbundle import DagBundleModel

    with session_scope(factory) as s:
        if s.get(DagBundleModel, "dags-folder") is None:
            s.add(DagBundleModel(name="dags-folder"))
            s.flush()
        s.add(
            DagModel(
                dag_id=dag_id,
                bundle_name="dags-folder",
                owners=owners,
                max_active_tasks=16,
                max_consecutive_failed_dag_runs=0,
                has_task_concurrency_limits=False,
            )
        )
        s.flush()
        for tag in tags:
            s.add(DagTag(name=tag, dag_id=dag_id))


class Sleeps(list[float]):
    """Records the transport's backoff waits instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_dispatcher(
    factory: sessionmaker[Session],
    topology: Topology,
    *,
    conn_id: str = "slack_api",
    sleeps: Sleeps | None = None,
    **overrides: Any,
) -> Dispatcher:
    sleep = sleeps if sleeps is not None else Sleeps()

    def transport(conn: str) -> Transport:
        return open_transport(
            conn, policy=RetryPolicy(attempts=3, base_delay_s=0.5, max_wait_s=10), sleep=sleep
        )

    values: dict[str, Any] = {
        "conn_id": conn_id,
        "default_channel": "#alerts",
        "window": timedelta(minutes=30),
        "investigating_message": False,
        "session_factory": factory,
        "topology": lambda: topology,
        "transport_factory": transport,
        "batch_interval": timedelta(seconds=0.3),
    }
    values.update(overrides)
    return Dispatcher(**values)


def rows(factory: sessionmaker[Session]) -> dict[str, Investigation]:
    from sqlalchemy import select

    with factory() as s:
        return {r.id: r for r in s.scalars(select(Investigation))}


def settle(factory: sessionmaker[Session], timeout: float = 60.0) -> None:
    """Wait until no member is pending and no deferred flush is left."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with factory() as s:
            pending = [m for inc_id in _incident_ids(s) for m in incidents.pending_members(s, inc_id)]
        if not pending and dispatch.deferred_flushes() == 0:
            return
        time.sleep(0.05)
    raise AssertionError("Slack delivery did not settle")


def _incident_ids(session: Session) -> list[int]:
    from sqlalchemy import select

    return [int(i) for i in session.scalars(select(incident_table.c.id))]


def blocks_text(message: Message) -> str:
    return json.dumps(message.blocks)


@pytest.fixture
def topology(tmp_path: Any) -> Topology:
    return _topology(tmp_path)


# --------------------------------------------------------------------------- the alert


def test_alert_carries_root_cause_evidence_fix_and_link(
    session_factory: sessionmaker[Session], fake_slack: FakeSlack, topology: Topology
) -> None:
    inv_id = record(session_factory, Failure())
    make_dispatcher(session_factory, topology).finished(inv_id)

    (message,) = fake_slack.top_level_messages()
    assert message.channel == "C0PLAT"  # topology: infra → #platform
    text = blocks_text(message)
    assert "The warehouse database refused connections" in text
    assert "88% confidence" in text and "infra" in text
    assert "E1:L3  [2026-11-22 00:00:03] ERROR - psycopg2.OperationalError" in text
    assert "*Immediate fix*" in text and "clear the failed tasks" in text
    assert "Escalate to: platform on-call" in text and "@platform-oncall" in text
    button = next(b for b in message.blocks if b["type"] == "actions")["elements"][0]
    assert button["url"] == (
        "https://airflow.example.com/dags/sales/runs/scheduled__2026-11-22T00%3A00%3A00%2B00%3A00"
        "/tasks/load_orders/plugin/investigation"
    )
    assert message.text.startswith("[infra] sales.load_orders")
    row = rows(session_factory)[inv_id]
    assert (row.slack_state, row.slack_ts, row.slack_error) == ("sent", message.ts, None)
    assert row.status == "succeeded"


def test_routing_by_topology_tags_owners_and_opt_out(
    session_factory: sessionmaker[Session], fake_slack: FakeSlack, topology: Topology
) -> None:
    add_dag(session_factory, "quality", owners="airflow")
    add_dag(session_factory, "billing", owners="alice,bob", tags=("team:billing-eng",))
    add_dag(session_factory, "tagged", tags=("slack:#alerts",))
    add_dag(session_factory, "quiet", tags=("pipeline_debugger:no_slack",))
    d = make_dispatcher(session_factory, topology)
    data = record(
        session_factory,
        Failure(dag_id="quality", category="data", rule_id="dbt.test_failure", error_message="3 rows failed"),
    )
    code = record(
        session_factory,
        Failure(
            dag_id="billing", category="code", rule_id="", error_type="KeyError", error_message="'region'"
        ),
    )
    tagged = record(session_factory, Failure(dag_id="tagged", error_message="disk full on /data"))
    quiet = record(session_factory, Failure(dag_id="quiet", category="code", rule_id=""))
    for inv_id in (data, code, tagged, quiet):
        d.finished(inv_id)

    by_channel = {m.channel: blocks_text(m) for m in fake_slack.top_level_messages()}
    assert set(by_channel) == {"C0DATAQ", "C0ALERTS"}
    assert "<!subteam^S0DATAQUAL1>" in by_channel["C0DATAQ"]
    assert "Escalate to: data-quality on-call" in by_channel["C0DATAQ"]
    alerts = [m for m in fake_slack.top_level_messages() if m.channel == "C0ALERTS"]
    assert len(alerts) == 2  # the code bug (default channel) and the tag-routed infra failure
    billing = next(blocks_text(m) for m in alerts if "billing" in m.text)
    assert "Escalate to: alice, bob" in billing and "@billing-eng" in billing and "@alice" in billing
    states = rows(session_factory)
    assert states[quiet].slack_state == "suppressed"
    assert "opted out" in (states[quiet].slack_error or "")


# --------------------------------------------------------------------------- grouping


def test_concurrent_storm_is_one_parent_with_batched_thread_replies(
    session_factory: sessionmaker[Session], fake_slack: FakeSlack, topology: Topology
) -> None:
    ids = [
        record(
            session_factory,
            Failure(dag_id=f"ingest_{i % 4}", task_id=f"extract_{i % 10}", run_id=f"scheduled__{i}"),
        )
        for i in range(40)
    ]
    # Eight runners finishing at once, each with its own dispatcher (own lease owner, own transport).
    # A 2 s batch interval: the 40 finishes take a few seconds, so a few replies, never 39.
    dispatchers = [
        make_dispatcher(session_factory, topology, batch_interval=timedelta(seconds=2)) for _ in range(8)
    ]
    barrier = threading.Barrier(8)

    def runner(n: int) -> None:
        barrier.wait()
        for inv_id in ids[n::8]:
            dispatchers[n].finished(inv_id)

    threads = [threading.Thread(target=runner, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    settle(session_factory)

    (parent,) = fake_slack.top_level_messages()
    replies = fake_slack.replies(parent.ts)
    assert 1 <= len(replies) <= 10
    heads = [
        re.match(r"\*\+(\d+) more failures? with the same cause", r.blocks[0]["text"]["text"])
        for r in replies
    ]
    assert sum(int(h.group(1)) for h in heads if h) == 39  # every repeat is accounted for once
    assert parent.updates >= 1 and "40 failures with this cause across 20 tasks in 4 DAGs" in blocks_text(
        parent
    )
    states = rows(session_factory)
    assert sorted(r.slack_state or "" for r in states.values()) == ["sent"] + ["threaded"] * 39
    assert len(fake_slack.successful("chat.postMessage")) == 1 + len(replies)


def test_same_task_groups_by_fingerprint_and_other_causes_stay_apart(
    session_factory: sessionmaker[Session], fake_slack: FakeSlack, topology: Topology
) -> None:
    bug = Failure(category="code", rule_id="", error_type="KeyError", error_message="'region'")
    d = make_dispatcher(session_factory, topology)
    for run in range(3):
        d.finished(record(session_factory, replace(bug, run_id=f"manual__{run}")))
    d.finished(record(session_factory, replace(bug, task_id="publish", error_message="'currency'")))
    settle(session_factory)
    parents = fake_slack.top_level_messages()
    assert len(parents) == 2
    first = next(m for m in parents if "load_orders" in m.text)
    replies = [r.blocks[0]["text"]["text"] for r in fake_slack.replies(first.ts)]
    assert 1 <= len(replies) <= 2 and sum(r.count("\n• ") for r in replies) == 2
    assert "3 failures with this cause" in blocks_text(first)


def test_webhook_suppresses_repeats_and_reports_them_in_the_next_alert(
    session_factory: sessionmaker[Session], fake_slack: FakeSlack, topology: Topology
) -> None:
    now = [datetime(2026, 11, 22, tzinfo=UTC)]
    d = make_dispatcher(session_factory, topology, conn_id="slack_hook", clock=lambda: now[0])
    for run in range(3):
        d.finished(record(session_factory, Failure(run_id=f"r{run}")))
    assert len(fake_slack.calls("webhook")) == 1
    assert [r.slack_state for r in rows(session_factory).values()].count("suppressed") == 2
    now[0] += timedelta(minutes=31)  # the incident's window closed
    d.finished(record(session_factory, Failure(run_id="r-later")))
    calls = fake_slack.calls("webhook")
    assert len(calls) == 2
    assert "2 similar failure(s) were grouped without a message" in json.dumps(calls[1].body)


def test_investigating_message_is_replaced_in_place(
    session_factory: sessionmaker[Session], fake_slack: FakeSlack, topology: Topology
) -> None:
    d = make_dispatcher(session_factory, topology, investigating_message=True)
    # A code bug routes to the default channel, where the placeholder was posted before the
    # category was known, so the alert replaces it in place.
    inv_id = record(session_factory, Failure(category="code", rule_id="", error_type="KeyError"))
    with session_scope(session_factory) as s:  # the runner calls notify_started while it runs
        s.execute(update(Investigation).where(Investigation.id == inv_id).values(status="running"))
    d.started(inv_id)
    (placeholder,) = fake_slack.top_level_messages()
    assert "Investigating sales.load_orders" in blocks_text(placeholder)
    with session_scope(session_factory) as s:
        s.execute(update(Investigation).where(Investigation.id == inv_id).values(status="succeeded"))
    d.finished(inv_id)
    (message,) = fake_slack.top_level_messages()
    assert message.ts == placeholder.ts and message.updates == 1
    assert "refused connections" in blocks_text(message) and "Investigating" not in blocks_text(message)
    assert rows(session_factory)[inv_id].slack_ts == placeholder.ts


def test_placeholder_in_another_channel_points_to_the_routed_alert(
    session_factory: sessionmaker[Session], fake_slack: FakeSlack, topology: Topology
) -> None:
    d = make_dispatcher(session_factory, topology, investigating_message=True)
    inv_id = record(session_factory, Failure())  # infra: routed to #platform once investigated
    d.started(inv_id)
    d.finished(inv_id)
    by_channel = {m.channel: m for m in fake_slack.top_level_messages()}
    assert set(by_channel) == {"C0ALERTS", "C0PLAT"}
    assert "refused connections" in blocks_text(by_channel["C0PLAT"])
    assert "joined an ongoing incident" in blocks_text(by_channel["C0ALERTS"])


# --------------------------------------------------------------------------- hostile input


def test_planted_secrets_never_reach_slack(
    session_factory: sessionmaker[Session], fake_slack: FakeSlack, topology: Topology
) -> None:
    leaky = Failure(
        error_message=f"{REFUSED} dsn=postgresql://etl:{SECRET}@warehouse.internal:5432/dw token={TOKEN}",
        log=f"line one\nline two\nERROR password={SECRET} Authorization: Bearer {TOKEN}",
        title=f"Login failed with password={SECRET}",
        fix=f"Rotate the token {TOKEN}",
    )
    make_dispatcher(session_factory, topology).finished(record(session_factory, leaky))
    assert fake_slack.top_level_messages()
    sent = fake_slack.everything_received()
    assert SECRET not in sent and TOKEN not in sent and "abcdefghijklmnopqrstuvwx" not in sent


def test_huge_error_and_evidence_stay_within_slack_limits(
    session_factory: sessionmaker[Session], fake_slack: FakeSlack, topology: Topology
) -> None:
    huge = Failure(
        error_message="Traceback <&>\n" + "\n".join(f"  frame {i}: " + "x&<" * 100 for i in range(3000)),
        log="\n".join("<&> " * 5_000 for _ in range(5)),  # 100 kB of cited lines
        cites=[f"E1:L{i}" for i in range(1, 6)],
        title="T" * 5000,
        fix="F&" * 30_000,
    )
    make_dispatcher(session_factory, topology).finished(record(session_factory, huge))
    (message,) = fake_slack.top_level_messages()  # the fake rejects what Slack would reject
    assert len(message.blocks) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in message.blocks)
    assert "+2 more cited lines" in blocks_text(message)


# --------------------------------------------------------------------------- Slack failures


def test_slack_outage_is_recorded_and_the_next_failure_posts_the_parent(
    session_factory: sessionmaker[Session], fake_slack: FakeSlack, topology: Topology
) -> None:
    sleeps = Sleeps()
    d = make_dispatcher(session_factory, topology, sleeps=sleeps)
    first = record(session_factory, Failure())
    fake_slack.stop()
    d.finished(first)  # never raises
    row = rows(session_factory)[first]
    assert row.status == "succeeded" and row.slack_state == "failed"
    assert "connection failed" in (row.slack_error or "") and "gave up after 3 attempts" in (
        row.slack_error or ""
    )
    assert sleeps == [0.5, 1.0]  # exponential backoff between the attempts
    fake_slack.start()  # same port: Slack is back
    second = record(session_factory, Failure(run_id="r2"))
    d.finished(second)
    (parent,) = fake_slack.top_level_messages()
    assert rows(session_factory)[second].slack_state == "sent"
    assert "2 failures with this cause" in blocks_text(parent)


def test_rate_limit_waits_for_retry_after(
    session_factory: sessionmaker[Session], fake_slack: FakeSlack, topology: Topology
) -> None:
    sleeps = Sleeps()
    fake_slack.fail_next(status=429, retry_after=3, path_contains="chat.postMessage")
    inv_id = record(session_factory, Failure())
    make_dispatcher(session_factory, topology, sleeps=sleeps).finished(inv_id)
    assert sleeps == [3.0]
    assert len(fake_slack.top_level_messages()) == 1
    assert rows(session_factory)[inv_id].slack_state == "sent"


def test_invalid_credentials_fail_at_once_and_are_recorded(
    session_factory: sessionmaker[Session], fake_slack: FakeSlack, topology: Topology
) -> None:
    sleeps = Sleeps()
    inv_id = record(session_factory, Failure())
    make_dispatcher(session_factory, topology, conn_id="slack_bad", sleeps=sleeps).finished(inv_id)
    row = rows(session_factory)[inv_id]
    assert row.slack_state == "failed" and "invalid_auth" in (row.slack_error or "")
    assert sleeps == [] and len(fake_slack.calls("chat.postMessage")) == 1


def test_public_entry_point_reads_the_config_and_never_raises(
    session_factory: sessionmaker[Session],
    fake_slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dispatch, "own_session", session_factory)
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__SLACK_CONN_ID", "slack_api")
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__SLACK_CHANNEL", "#alerts")
    inv_id = record(session_factory, Failure(category="code", rule_id=""))
    dispatch.notify_finished(inv_id)
    assert [m.channel for m in fake_slack.top_level_messages()] == ["C0ALERTS"]
    dispatch.notify_finished(inv_id)  # twice: already notified, nothing more
    assert len(fake_slack.top_level_messages()) == 1
    monkeypatch.setattr(dispatch, "own_session", _broken_session)
    dispatch.notify_finished(inv_id)  # a DB outage is logged, not raised
    dispatch.notify_started(inv_id)


def _broken_session() -> Session:
    raise RuntimeError("the metadata database is unreachable")
