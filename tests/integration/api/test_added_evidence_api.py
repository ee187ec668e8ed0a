"""Removing added evidence on a real api-server: only uploads, only by the user who added them."""

from __future__ import annotations

import httpx
from helpers import DAG_OTHER, DAG_TEAM, create
from sqlalchemy.orm import Session, sessionmaker
from support.airflow_cluster import AirflowCluster

API = "/pipeline-debugger/api"


def _add(client: httpx.Client, investigation_id: str, name: str) -> str:
    resp = client.post(
        f"{API}/investigations/{investigation_id}/artifacts",
        json={"kind": "log", "name": name, "content": "kubelet: pods evicted"},
    )
    assert resp.status_code == 201, resp.text
    return str(resp.json()["evidence_id"])


def _names(client: httpx.Client, investigation_id: str) -> list[str]:
    return [a["name"] for a in client.get(f"{API}/investigations/{investigation_id}").json()["artifacts"]]


def _delete(client: httpx.Client, investigation_id: str, evidence_id: str) -> httpx.Response:
    return client.delete(f"{API}/investigations/{investigation_id}/artifacts/{evidence_id}")


def test_the_user_who_added_evidence_removes_it(
    cluster: AirflowCluster,
    db: sessionmaker[Session],
    admin: httpx.Client,
    viewer: httpx.Client,
    outsider: httpx.Client,
) -> None:
    shared = create(db, DAG_OTHER)  # admin and outsider may both edit this DAG
    by_admin = _add(admin, shared, "node-kernel.log")
    by_outsider = _add(outsider, shared, "kubelet.log")
    assert _names(admin, shared) == ["task.log", "node-kernel.log", "kubelet.log"]

    refused = _delete(outsider, shared, by_admin)
    assert refused.status_code == 403 and "added" in refused.json()["detail"]
    assert _delete(viewer, shared, by_outsider).status_code in (403, 404)  # read-only users never delete
    collected = _delete(admin, shared, "E1")
    assert collected.status_code == 409 and "re-run" in collected.json()["detail"]
    assert _delete(admin, shared, "U999").status_code == 404

    removed = _delete(outsider, shared, by_outsider)
    assert removed.status_code == 204 and removed.content == b""
    assert _names(admin, shared) == ["task.log", "node-kernel.log"]
    assert _delete(outsider, shared, by_outsider).status_code == 404

    team = create(db, DAG_TEAM)
    secret = _add(admin, team, "worker.log")
    assert _delete(outsider, team, secret).status_code == 404  # no access to the DAG: not even a 403
    anonymous = httpx.Client(base_url=cluster.base_url, timeout=30)
    assert _delete(anonymous, team, secret).status_code == 401
    assert _names(admin, team) == ["task.log", "worker.log"]
