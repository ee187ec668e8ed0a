"""Investigations written straight into the metadata DB the api-server reads (the test plays the runner)."""

from __future__ import annotations

import itertools
import json
import secrets
from collections.abc import Iterator
from typing import Any

import httpx
from sqlalchemy.orm import Session, sessionmaker

from airflow_pipeline_debugger.domain import (
    Category,
    Evidence,
    EvidenceKind,
    Hypothesis,
    HypothesisStatus,
    InvestigationResult,
    PipelineType,
    Remediation,
    RootCause,
    Step,
    StepKind,
    Transience,
)
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.models import Investigation, utcnow

#: The api-server's JWT secret, so a test can sign a token the way an external issuer would.
JWT_SECRET = secrets.token_hex(32)
#: ``upload_max_bytes`` of the test api-server: room for a 10 MB upload, small enough to exceed.
UPLOAD_CAP = 11 * 1024 * 1024
DAG_TEAM = "api_dag_team"
DAG_OTHER = "api_dag_other"
#: The ``signing_secret`` of the cluster's Slack connection (Slack signs interactivity requests with it).
SLACK_SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
XSS = "<script>alert(1)</script>"
LOG = "\n".join(
    [
        "[2024-01-01T00:00:00] INFO starting",
        f"[2024-01-01T00:00:01] ERROR KeyError: 'customer_id' {XSS}",
        "[2024-01-01T00:00:02] INFO done",
    ]
)
_runs = itertools.count(1)


def result(
    title: str = "Column customer_id missing from the input", category: Category = Category.DATA
) -> InvestigationResult:
    return InvestigationResult(
        pipeline_type=PipelineType.AIRFLOW,
        hypotheses=[
            Hypothesis(
                title=title,
                likelihood=80,
                status=HypothesisStatus.CONFIRMED,
                reasoning="cited",
                evidence=["E1:L2"],
            ),
            Hypothesis(
                title="Worker ran out of memory",
                likelihood=10,
                status=HypothesisStatus.DISMISSED,
                reasoning="no OOM in the log",
            ),
        ],
        root_cause=RootCause(
            title=title,
            summary=f"The task failed reading a row: {XSS}",
            confidence=85,
            category=category,
            transience=Transience.PERMANENT,
            evidence=["E1:L2"],
        ),
        remediation=Remediation(
            immediate_fix="Re-run after the upstream export includes customer_id",
            change="df = df.rename(columns={'cust_id': 'customer_id'})",
            diagnostic_commands=["airflow tasks test api_dag_team work 2024-01-01"],
        ),
        fingerprint="fp-customer-id",
    )


def create(
    db: sessionmaker[Session],
    dag_id: str,
    *,
    finish: bool = True,
    steps: int = 3,
    category: Category = Category.DATA,
    run_id: str | None = None,
    answer: InvestigationResult | None = None,
) -> str:
    """A new investigation; claimed (running) and, with ``finish``, completed with ``answer``.

    ``answer`` defaults to :func:`result` of ``category``.
    """
    with db.begin() as session:
        inv, _ = repository.ensure_investigation(
            session,
            dag_id=dag_id,
            run_id=run_id or f"manual__test_{next(_runs)}",
            task_id="work",
            map_index=-1,
            try_number=1,
            trigger="test",
        )
        investigation_id = inv.id
    if not finish:
        return investigation_id
    start(db, investigation_id)
    with db.begin() as session:
        repository.add_artifact(
            session,
            investigation_id,
            Evidence(
                id="E1",
                kind=EvidenceKind.LOG,
                name="task.log",
                source="test",
                content=LOG,
                # As the runner records it: Airflow's Logs tab numbers these lines from 0.
                summary={"logs_tab_map": [[1, 0, 3]]},
            ),
        )
    for n in range(1, steps + 1):
        add_step(db, investigation_id, n)
    with db.begin() as session:
        assert repository.mark_succeeded(session, investigation_id, answer or result(category=category))
    return investigation_id


def start(db: sessionmaker[Session], investigation_id: str) -> None:
    """Claim exactly this investigation (running), as a runner would."""
    with db.begin() as session:
        # A targeted claim (claim_next would take other tests' queued rows too).
        row = session.get(Investigation, investigation_id)
        assert row is not None and row.status == "queued"
        row.status, row.claimed_by, row.started_at = "running", "test", utcnow()


def add_step(db: sessionmaker[Session], investigation_id: str, n: int) -> None:
    with db.begin() as session:
        repository.append_step(
            session,
            investigation_id,
            Step(StepKind.HYPOTHESIS, f"Step {n} {XSS}", f"body {n}", {"n": n}),
        )


def finish(db: sessionmaker[Session], investigation_id: str) -> None:
    with db.begin() as session:
        assert repository.mark_succeeded(session, investigation_id, result())


def sse_events(lines: Iterator[str]) -> Iterator[dict[str, Any]]:
    """Parse an SSE body into events (``{"event", "id", "data"}``) and comments (``{"comment"}``)."""
    current: dict[str, Any] = {}
    for line in lines:
        if line == "":
            if current:
                yield current
            current = {}
        elif line.startswith(":"):
            yield {"comment": line[1:].strip()}
        else:
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "data":
                current["data"] = json.loads(value)
            elif field in ("event", "id", "retry"):
                current[field] = value
    if current:
        yield current


def read_stream(
    client: httpx.Client, investigation_id: str, headers: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Every event of a stream until ``done`` (the server closes it then)."""
    events = []
    with client.stream(
        "GET",
        f"/pipeline-debugger/api/investigations/{investigation_id}/stream",
        headers=headers or {},
        timeout=60,
    ) as resp:
        assert resp.status_code == 200, resp.read()
        assert resp.headers["content-type"].startswith("text/event-stream")
        for ev in sse_events(resp.iter_lines()):
            events.append(ev)
            if ev.get("event") == "done":
                break
    return events
