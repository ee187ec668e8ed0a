"""Grouping keys: which failures are one incident and which are not."""

from __future__ import annotations

import pytest

from airflow_pipeline_debugger.engine.grouping import STORM_SCOPE, TASK_SCOPE, group_key, upstream_identities

PG_REFUSED = (
    'psycopg2.OperationalError: connection to server at "crm-db.internal" (10.1.2.3), port 5432 failed: '
    "Connection refused"
)


def key(
    dag: str = "d",
    task: str = "t",
    category: str = "infra",
    rule: str = "airflow.connection_refused",
    error: str = PG_REFUSED,
    fp: str = "",
):
    return group_key(dag_id=dag, task_id=task, category=category, rule_id=rule, error=error, fingerprint=fp)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (PG_REFUSED, ("crm-db.internal:5432",)),
        ("ConnectionRefusedError: [Errno 111] Connection refused (DB.Internal:5432)", ("db.internal:5432",)),
        ("Timeout talking to 10.0.0.1:9092 after 10.5 s", ("10.0.0.1:9092",)),
        ("GET http://api.example.com:8080/v1/x failed", ("http://api.example.com:8080/v1/x",)),
        (
            "Path does not exist: s3a://lake/orders/ds=2026-11-22/",
            ("s3a://lake/orders/ds=2026-11-22", "ds=2026-11-22"),
        ),
        ("at 12:30:00 on 2026-11-22T10:00:00 something broke", ()),
        ("", ()),
    ],
)
def test_upstream_identities(error: str, expected: tuple[str, ...]) -> None:
    assert upstream_identities(error) == expected


def test_identities_are_bounded() -> None:
    error = " ".join(f"h{i}.example.com:{1000 + i}" for i in range(50))
    assert len(upstream_identities(error)) == 5


def test_storm_same_upstream_across_tasks_and_dags() -> None:
    a = key(dag="ingest_crm", task="extract_accounts")
    b = key(dag="reporting", task="load_kpis", error=PG_REFUSED.replace("10.1.2.3", "10.1.2.4"))
    assert a.scope == b.scope == STORM_SCOPE
    assert a.key == b.key
    assert "crm-db.internal:5432" in a.label


@pytest.mark.parametrize(
    ("other", "why"),
    [
        (
            {"error": PG_REFUSED.replace("crm-db.internal", "erp-db.internal")},
            "another host is another outage",
        ),
        ({"error": PG_REFUSED.replace("5432", "6432")}, "another port is another service"),
        ({"rule": "airflow.dns_failure"}, "another rule is another cause"),
        ({"category": "config"}, "another category"),
    ],
)
def test_storm_keys_differ(other: dict[str, str], why: str) -> None:
    assert key(**other).key != key().key, why


def test_missing_partition_storm() -> None:
    err = "AnalysisException: [PATH_NOT_FOUND] Path does not exist: s3a://lake/orders/ds=2026-11-22."
    a = key(dag="a", task="x", category="data", rule="spark.missing_input", error=err)
    b = key(dag="b", task="y", category="data", rule="spark.missing_input", error=err)
    c = key(dag="b", task="y", category="data", rule="spark.missing_input", error=err.replace("22", "23"))
    assert a.scope == STORM_SCOPE and a.key == b.key != c.key


@pytest.mark.parametrize(
    ("category", "rule"),
    [("code", "airflow.python_error"), ("unknown", ""), ("infra", "")],
    ids=["code bugs stay per task", "unknown stays per task", "no rule stays per task"],
)
def test_task_scope(category: str, rule: str) -> None:
    a = key(dag="d1", task="t1", category=category, rule=rule)
    b = key(dag="d2", task="t2", category=category, rule=rule)
    assert a.scope == b.scope == TASK_SCOPE
    assert a.key != b.key
    assert key(dag="d1", task="t1", category=category, rule=rule).key == a.key


def test_task_scope_uses_engine_fingerprint_when_given() -> None:
    assert key(category="code", rule="x", fp="abc123").key == "abc123"


def test_task_scope_normalises_run_specific_parts() -> None:
    a = key(category="code", rule="r", error="KeyError: 'row 17' at 2026-11-22T10:00:00")
    b = key(category="code", rule="r", error="KeyError: 'row 99' at 2026-11-23T11:00:00")
    assert a.key == b.key
