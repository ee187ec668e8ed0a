"""Routing table: each row is one situation and the destination it must produce."""

from __future__ import annotations

from typing import Any

import pytest

from airflow_pipeline_debugger.engine.topology import Route, load_topology
from airflow_pipeline_debugger.notify.routing import Destination, RouteRequest, route

DATA = Route(channel="#data-quality", mentions=("S0DQ00001",), escalation=("#data-quality",))
INFRA = Route(channel="#platform-oncall", mentions=("@platform-oncall",), escalation=("platform on-call",))
CODE = Route(channel="", escalation=("task owner",))

ROWS: list[tuple[str, dict[str, Any], Destination]] = [
    (
        "data goes to the data-quality channel",
        {"category": "data", "topology_route": DATA},
        Destination("#data-quality", ("S0DQ00001",), ("#data-quality",), reason="topology routing for data"),
    ),
    (
        "infra goes to platform on-call",
        {"category": "infra", "topology_route": INFRA},
        Destination(
            "#platform-oncall",
            ("@platform-oncall",),
            ("platform on-call",),
            reason="topology routing for infra",
        ),
    ),
    (
        "code goes to the DAG owners, mentioned",
        {"category": "code", "topology_route": CODE, "owners": ("alice", "bob")},
        Destination("#alerts", ("alice", "bob"), ("alice", "bob"), reason="default channel"),
    ),
    (
        "placeholder owner 'airflow' is nobody",
        {"category": "code", "topology_route": CODE, "owners": ("airflow",)},
        Destination("#alerts", (), ("task owner",), reason="default channel"),
    ),
    (
        "DAG param channel wins over everything",
        {
            "category": "data",
            "topology_route": DATA,
            "params": {"pipeline_debugger_slack_channel": "#sales-alerts"},
            "tags": ("slack:#other",),
        },
        Destination(
            "#sales-alerts",
            ("S0DQ00001",),
            ("#data-quality",),
            reason="param pipeline_debugger_slack_channel",
        ),
    ),
    (
        "serialized Param value is unwrapped",
        {
            "category": "unknown",
            "params": {"pipeline_debugger_slack_channel": {"value": "#x", "description": None}},
        },
        Destination("#x", reason="param pipeline_debugger_slack_channel"),
    ),
    (
        "tag channel wins over the topology",
        {"category": "infra", "topology_route": INFRA, "tags": ("slack:#crm-team", "nightly")},
        Destination("#crm-team", ("@platform-oncall",), ("platform on-call",), reason="tag slack:#crm-team"),
    ),
    (
        "team tags and the mentions param add mentions, deduplicated",
        {
            "category": "data",
            "topology_route": DATA,
            "tags": ("team:data-quality", "team:"),
            "params": {"pipeline_debugger_slack_mentions": "U0ALICE01, @data-quality"},
        },
        Destination(
            "#data-quality",
            ("S0DQ00001", "@data-quality", "U0ALICE01"),
            ("#data-quality",),
            reason="topology routing for data",
        ),
    ),
    (
        "mentions param as a list",
        {"category": "unknown", "params": {"pipeline_debugger_slack_mentions": ["U0A", "U0B"]}},
        Destination("#alerts", ("U0A", "U0B"), reason="default channel"),
    ),
    (
        "opt-out param on the DAG",
        {"category": "infra", "topology_route": INFRA, "params": {"pipeline_debugger_slack": False}},
        Destination("", muted=True, reason="the DAG opted out of Slack alerts"),
    ),
    (
        "opt-out param as a string in the run conf",
        {"category": "infra", "run_conf": {"pipeline_debugger_slack": "off"}},
        Destination("", muted=True, reason="the DAG opted out of Slack alerts"),
    ),
    (
        "run conf re-enables a DAG that opted out",
        {
            "category": "unknown",
            "params": {"pipeline_debugger_slack": False},
            "run_conf": {"pipeline_debugger_slack": True},
        },
        Destination("#alerts", reason="default channel"),
    ),
    (
        "opt-out tag",
        {"category": "data", "topology_route": DATA, "tags": ("pipeline_debugger:no_slack",)},
        Destination("", muted=True, reason="the DAG opted out of Slack alerts"),
    ),
    (
        "nothing configured: default channel, nobody mentioned",
        {"category": "unknown", "default_channel": ""},
        Destination("", reason="default channel"),
    ),
]


@pytest.mark.parametrize(("case", "kwargs", "expected"), ROWS, ids=[r[0] for r in ROWS])
def test_route(case: str, kwargs: dict[str, Any], expected: Destination) -> None:
    kwargs = {"default_channel": "#alerts", **kwargs}
    assert route(RouteRequest(**kwargs)) == expected, case


def test_default_topology_routes_infra_to_platform_on_call() -> None:
    topology = load_topology()
    dest = route(
        RouteRequest(category="infra", topology_route=topology.route_for("infra"), default_channel="#alerts")
    )
    assert dest.escalation == ("platform on-call",)
    code = route(
        RouteRequest(
            category="code",
            topology_route=topology.route_for("code"),
            owners=("carol",),
            default_channel="#a",
        )
    )
    assert code.escalation == ("carol",) and code.mentions == ("carol",)
