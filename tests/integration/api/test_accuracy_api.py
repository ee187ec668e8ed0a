"""``GET /api/accuracy`` on a real api-server: feedback given in the tab becomes counts per group.

The cluster is shared with the other API tests, which rate answers too; each test here answers with
a rule id of its own, so that rule's group holds exactly what the test wrote.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from helpers import DAG_OTHER, DAG_TEAM, create, result
from sqlalchemy.orm import Session, sessionmaker
from support.airflow_cluster import AirflowCluster

from airflow_pipeline_debugger.domain import Category

API = "/pipeline-debugger/api"


def _answered(db: sessionmaker[Session], dag_id: str, rule_id: str, category: Category) -> str:
    """A finished investigation whose root cause came from ``rule_id``."""
    answer = result(title=f"answer of {rule_id}", category=category)
    answer.root_cause.rule_id = rule_id
    return create(db, dag_id, answer=answer)


def _vote(client: httpx.Client, investigation_id: str, feedback: str, comment: str | None = None) -> None:
    resp = client.post(
        f"{API}/investigations/{investigation_id}/feedback", json={"feedback": feedback, "comment": comment}
    )
    assert resp.status_code == 200, (resp.text, investigation_id, feedback, comment)


def _group(body: dict[str, Any], axis: str, key: str) -> dict[str, Any]:
    return next(g for g in body[axis] if g["key"] == key)


def test_feedback_from_the_tab_shows_up_with_the_right_counts(
    db: sessionmaker[Session], admin: httpx.Client, outsider: httpx.Client
) -> None:
    rule = f"test.rule_{uuid.uuid4().hex[:8]}"
    team = [_answered(db, DAG_TEAM, rule, Category.CODE) for _ in range(3)]
    other = [_answered(db, DAG_OTHER, rule, Category.CODE) for _ in range(2)]
    _vote(admin, team[0], "up")
    _vote(admin, team[1], "down", "the upstream export renamed cust_id")
    _vote(outsider, other[0], "down", "disk full on the worker")
    _vote(outsider, other[1], "down")

    resp = admin.get(f"{API}/accuracy", params={"days": 7})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["window_days"] == 7
    mine = _group(body, "by_source", rule)
    assert {k: mine[k] for k in ("answers", "rated", "confirmed", "wrong")} == {
        "answers": 5,
        "rated": 4,
        "confirmed": 1,
        "wrong": 3,
    }
    assert mine["confirmed_share"] == pytest.approx(0.25) and mine["wrong_share"] == pytest.approx(0.75)
    assert [c["real_cause"] for c in mine["real_causes"]] == [
        "disk full on the worker",
        "the upstream export renamed cust_id",
    ]
    cause = mine["real_causes"][1]
    assert (cause["investigation_id"], cause["dag_id"], cause["user"]) == (team[1], DAG_TEAM, "admin")
    assert cause["answered"] == f"answer of {rule}"
    overall = [c["real_cause"] for c in body["totals"]["real_causes"]]
    assert "disk full on the worker" in overall and "the upstream export renamed cust_id" in overall
    assert body["totals"]["answers"] >= 5 and body["totals"]["wrong"] >= 3
    assert {g["key"] for g in body["by_dag"]} >= {DAG_TEAM, DAG_OTHER}
    assert _group(body, "by_category", "code")["wrong"] >= 3
    assert sum(w["answers"] for w in body["by_week"]) == body["totals"]["answers"]

    only_team = admin.get(f"{API}/accuracy", params={"dag_id": DAG_TEAM}).json()
    assert _group(only_team, "by_source", rule)["answers"] == 3
    assert {g["key"] for g in only_team["by_dag"]} == {DAG_TEAM}

    # A user who can read only DAG_OTHER counts only its answers.
    seen = outsider.get(f"{API}/accuracy").json()
    assert {g["key"] for g in seen["by_dag"]} <= {DAG_OTHER}
    theirs = _group(seen, "by_source", rule)
    assert (theirs["answers"], theirs["wrong"], theirs["confirmed"]) == (2, 2, 0)
    assert [c["real_cause"] for c in theirs["real_causes"]] == ["disk full on the worker"]


@pytest.mark.parametrize("days", ["0", "367", "soon"])
def test_a_bad_window_is_refused(admin: httpx.Client, days: str) -> None:
    assert admin.get(f"{API}/accuracy", params={"days": days}).status_code == 422


def test_accuracy_needs_credentials(cluster: AirflowCluster) -> None:
    anonymous = httpx.Client(base_url=cluster.base_url, timeout=30)
    assert anonymous.get(f"{API}/accuracy").status_code == 401
