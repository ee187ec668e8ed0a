"""Calibration of the confident dbt rules: 70+ only on the evidence that tells the causes apart.

One row per decision: the evidence that keeps a rule's confident answer, and the evidence several
causes share, which stays at ``AMBIGUOUS_CEILING`` (the category unchanged).
"""

from __future__ import annotations

from typing import Any

import pytest
from test_dbt_rules import bundle_with

from airflow_pipeline_debugger.domain import Category, Signal
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, Heuristic
from airflow_pipeline_debugger.heuristics.dbt.connection_error import WarehouseConnection
from airflow_pipeline_debugger.heuristics.dbt.missing_relation import MissingRelation

NEVER_RECOVERS = {"history": {"seen_before": True, "resolved_on_retry": False}}


def relation(kind: str) -> Signal:
    attrs = {"relation": "raw.payments", "model": "stg_payments", "relation_kind": kind}
    return Signal("dbt.missing_relation", "m", "E1", (), attrs)


def connection(detail: str) -> Signal:
    return Signal("dbt.connection_error", "m", "E1", (), {"detail": detail, "model": "m"})


#: (id, rule, signal, facts, category, confident)
CASES: list[tuple[str, Heuristic, Signal, dict[str, Any], Category, bool]] = [
    # missing_relation: the manifest says what the relation is, or nothing does
    ("relation: a declared source", MissingRelation(), relation("source"), {}, Category.DATA, True),
    ("relation: a model of the project", MissingRelation(), relation("model"), {}, Category.CONFIG, True),
    ("relation: not in the manifest", MissingRelation(), relation("unknown"), {}, Category.DATA, False),
    # connection_error: the remote side failing, or a set-up error that reads the same
    (
        "warehouse: the server closed the connection",
        WarehouseConnection(),
        connection("server closed the connection unexpectedly"),
        {},
        Category.INFRA,
        True,
    ),
    (
        "warehouse: refused by a remote host",
        WarehouseConnection(),
        connection(
            'could not connect to server: Connection refused. Is the server running on host "dwh.acme.io"'
        ),
        {},
        Category.INFRA,
        True,
    ),
    (
        "warehouse: a read timed out",
        WarehouseConnection(),
        connection("HTTPSConnectionPool(host='acme.snowflakecomputing.com', port=443): Read timed out."),
        {},
        Category.INFRA,
        True,
    ),
    (
        "warehouse: a host name that does not resolve",
        WarehouseConnection(),
        connection('could not translate host name "postgres" to address: Name or service not known'),
        {},
        Category.INFRA,
        False,
    ),
    (
        "warehouse: localhost inside a container",
        WarehouseConnection(),
        connection('Connection refused. Is the server running on host "localhost" (127.0.0.1)'),
        {},
        Category.INFRA,
        False,
    ),
    (
        "warehouse: a connect timeout (firewall or outage)",
        WarehouseConnection(),
        connection(
            'connection to server at "dwh.internal" (10.0.3.4), port 5439 failed: Connection timed out'
        ),
        {},
        Category.INFRA,
        False,
    ),
    (
        "warehouse: a DuckDB file another process holds",
        WarehouseConnection(),
        connection('IO Error: Could not set lock on file "/opt/airflow/dbt/dev.duckdb": Conflicting lock'),
        {},
        Category.INFRA,
        False,
    ),
    (
        "warehouse: no retry ever fixed it",
        WarehouseConnection(),
        connection("server closed the connection unexpectedly"),
        NEVER_RECOVERS,
        Category.INFRA,
        False,
    ),
    (
        "deps: the hub did not answer",
        WarehouseConnection(),
        connection("HTTPSConnectionPool(host='hub.getdbt.com', port=443): Read timed out. (read timeout=30)"),
        {},
        Category.INFRA,
        True,
    ),
    (
        "deps: the worker cannot resolve the hub",
        WarehouseConnection(),
        connection(
            "HTTPSConnectionPool(host='hub.getdbt.com', port=443): Max retries exceeded (Caused by "
            "NewConnectionError('Failed to establish a new connection: [Errno -3] Temporary failure in name "
            "resolution'))"
        ),
        {},
        Category.INFRA,
        False,
    ),
    (
        "deps: a proxy in the way",
        WarehouseConnection(),
        connection(
            "External connection exception occurred: HTTPSConnectionPool(host='hub.getdbt.com', port=443): "
            "Max retries exceeded (Caused by ProxyError('Unable to connect to proxy'))"
        ),
        {},
        Category.INFRA,
        False,
    ),
]


@pytest.mark.parametrize(
    ("rule", "signal", "facts", "category", "confident"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_confident_only_on_distinguishing_evidence(
    rule: Heuristic, signal: Signal, facts: dict[str, Any], category: Category, confident: bool
) -> None:
    """The category stays; the ceiling is the class's (95) or ``AMBIGUOUS_CEILING``."""
    finding = rule.evaluate(bundle_with(signal, **facts))
    assert finding is not None
    assert finding.category is category
    if confident:
        assert finding.max_confidence > AMBIGUOUS_CEILING
        assert finding.likelihood >= 70
    else:
        assert finding.max_confidence == AMBIGUOUS_CEILING
