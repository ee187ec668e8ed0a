"""``GET /api/recurring`` on a real api-server: causes grouped by fingerprint, with owners and timings.

The cluster is shared with other API tests; each answer here carries a fingerprint of its own, so
that cause's row holds exactly what the test wrote.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from helpers import DAG_OTHER, DAG_TEAM, create, result
from sqlalchemy.orm import Session, sessionmaker

from airflow_pipeline_debugger.domain import Category

API = "/pipeline-debugger/api"


def _answered(db: sessionmaker[Session], dag_id: str, fingerprint: str) -> str:
    answer = result(title="Warehouse refused connections", category=Category.INFRA)
    answer.fingerprint = fingerprint
    return create(db, dag_id, answer=answer)


def _cause(body: dict[str, Any], fingerprint: str) -> dict[str, Any]:
    return next(c for c in body["causes"] if c["fingerprint"] == fingerprint)


def test_a_recurring_cause_is_one_row_with_its_dags_owners_and_last_status(
    db: sessionmaker[Session], admin: httpx.Client, outsider: httpx.Client
) -> None:
    fingerprint = uuid.uuid4().hex
    ids = [_answered(db, dag, fingerprint) for dag in (DAG_TEAM, DAG_OTHER, DAG_TEAM)]

    resp = admin.get(f"{API}/recurring", params={"days": 7})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    cause = _cause(body, fingerprint)
    assert cause["count"] == 3
    assert cause["dag_ids"] == sorted([DAG_TEAM, DAG_OTHER])
    assert cause["owners"] == ["airflow"]  # the test DAGs' default owner, read from Airflow's DAG table
    assert (cause["last_status"], cause["last_investigation_id"]) == ("succeeded", ids[-1])
    assert cause["title"] == "Warehouse refused connections" and cause["category"] == "infra"
    assert cause["first_seen"] <= cause["last_seen"]
    assert body["failures"] >= 3
    assert body["time_to_root_cause_p50_seconds"] is not None
    assert body["time_to_root_cause_p95_seconds"] >= body["time_to_root_cause_p50_seconds"]
    assert 0 <= body["uninvestigated_share"] <= 1
    assert sum(sum(d["counts"].values()) for d in body["per_day"]) == body["failures"]
    assert [d["day"] for d in body["per_day"]] == sorted(d["day"] for d in body["per_day"])

    seen_by_outsider = _cause(outsider.get(f"{API}/recurring").json(), fingerprint)
    assert (seen_by_outsider["count"], seen_by_outsider["dag_ids"]) == (1, [DAG_OTHER])

    frequent = admin.get(f"{API}/recurring", params={"min_count": 3}).json()
    assert all(c["count"] >= 3 for c in frequent["causes"]) and _cause(frequent, fingerprint)


@pytest.mark.parametrize("params", [{"days": "0"}, {"days": "400"}, {"min_count": "0"}])
def test_bad_parameters_are_refused(admin: httpx.Client, params: dict[str, str]) -> None:
    assert admin.get(f"{API}/recurring", params=params).status_code == 422


def test_the_recurring_page_is_served(admin: httpx.Client) -> None:
    page = admin.get("/pipeline-debugger/ui/recurring")
    assert page.status_code == 200 and 'data-page="recurring"' in page.text
