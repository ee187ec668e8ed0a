"""Slack's buttons on a real api-server: a signed press records feedback or a re-run; a bad signature
or a stale timestamp is a 401 and stores nothing. The test posts exactly what Slack would.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest
from helpers import DAG_TEAM, SLACK_SIGNING_SECRET, create, result
from sqlalchemy.orm import Session, sessionmaker
from support.airflow_cluster import AirflowCluster
from support.fake_slack import signed_interaction

API = "/pipeline-debugger/api"
INTERACTIONS = "/pipeline-debugger/slack/interactions"


@pytest.fixture
def slack(cluster: AirflowCluster) -> Iterator[httpx.Client]:
    """Slack's side: no Airflow credentials at all."""
    with httpx.Client(base_url=cluster.base_url, timeout=30) as c:
        yield c


def _answered(db: sessionmaker[Session], rule_id: str) -> str:
    answer = result()
    answer.root_cause.rule_id = rule_id
    return create(db, DAG_TEAM, answer=answer)


def _press(
    slack: httpx.Client,
    action_id: str,
    investigation_id: str,
    *,
    secret: str = SLACK_SIGNING_SECRET,
    age: int = 0,
) -> httpx.Response:
    body, headers = signed_interaction(secret, action_id, investigation_id, age_s=age)
    return slack.post(INTERACTIONS, content=body, headers=headers)


def _root(admin: httpx.Client, investigation_id: str) -> dict[str, object]:
    body = admin.get(f"{API}/investigations/{investigation_id}").json()
    return next(f for f in body["findings"] if f["kind"] == "root_cause")


def _counts(admin: httpx.Client, rule: str) -> tuple[int, int, int]:
    groups = admin.get(f"{API}/accuracy", params={"days": 1}).json()["by_source"]
    mine = next(g for g in groups if g["key"] == rule)
    return mine["answers"], mine["confirmed"], mine["wrong"]


def test_signed_presses_become_feedback_and_bad_ones_store_nothing(
    db: sessionmaker[Session], admin: httpx.Client, slack: httpx.Client
) -> None:
    rule = f"test.slack_{uuid.uuid4().hex[:8]}"
    wrong, helpful, untouched = (_answered(db, rule) for _ in range(3))

    pressed = _press(slack, "pd_feedback_down", wrong)
    assert pressed.status_code == 200, pressed.text
    assert pressed.json()["text"] == "Thanks — marked wrong."
    assert _press(slack, "pd_feedback_up", helpful).status_code == 200
    root = _root(admin, wrong)
    assert (root["feedback"], root["feedback_user"]) == ("down", "alice (Slack)")
    assert _counts(admin, rule) == (3, 1, 1)

    forged = _press(slack, "pd_feedback_down", untouched, secret="not-the-secret")
    assert forged.status_code == 401 and "signature" in forged.json()["detail"]
    stale = _press(slack, "pd_feedback_down", untouched, age=600)
    assert stale.status_code == 401 and "too old" in stale.json()["detail"]
    unsigned = slack.post(INTERACTIONS, content=b"payload=%7B%7D")
    assert unsigned.status_code == 401
    assert _root(admin, untouched)["feedback"] is None
    assert _counts(admin, rule) == (3, 1, 1)

    rerun = _press(slack, "pd_rerun", untouched)
    assert rerun.status_code == 200 and rerun.json()["text"] == "Investigation queued again."
    assert admin.get(f"{API}/investigations/{untouched}").json()["status"] == "queued"
    again = _press(slack, "pd_rerun", untouched)
    assert again.json()["text"] == "The investigation is already queued or running."
    gone = _press(slack, "pd_feedback_up", str(uuid.uuid4()))
    assert gone.status_code == 200 and gone.json()["text"] == "That investigation no longer exists."


def test_a_signed_request_without_our_button_is_a_bad_request(slack: httpx.Client) -> None:
    assert _press(slack, "open_investigation", "x").status_code == 400
