from __future__ import annotations

import pytest

from airflow_pipeline_debugger.domain import opted_out, param_disables, wants_state


class _State:
    value = "up_for_retry"


@pytest.mark.parametrize(
    ("state", "retries", "expected"),
    [
        ("failed", False, True),
        ("up_for_retry", False, False),
        ("up_for_retry", True, True),
        (_State(), True, True),
        ("upstream_failed", True, False),
        ("success", True, False),
        (None, True, False),
    ],
)
def test_wants_state(state, retries, expected):
    assert wants_state(state, investigate_retries=retries) is expected


@pytest.mark.parametrize(
    ("value", "disables"),
    [
        (False, True),
        (True, False),
        ("false", True),
        (" OFF ", True),
        ("0", True),
        ("yes", False),
        (0, True),
        (1, False),
        (None, False),
        ({"value": False, "description": "x"}, True),
        ({"value": True}, False),
        (["false"], False),
    ],
)
def test_param_disables(value, disables):
    assert param_disables(value) is disables


def test_opted_out_by_tag_param_and_run_conf():
    kw = {"tag": "pipeline_debugger:off", "param": "pipeline_debugger_enabled"}
    assert opted_out(["etl", "pipeline_debugger:off"], {}, None, **kw)
    assert not opted_out(["etl"], {}, None, **kw)
    assert opted_out([], {"pipeline_debugger_enabled": False}, None, **kw)
    # the run's conf overrides the DAG param, both ways
    assert not opted_out([], {"pipeline_debugger_enabled": False}, {"pipeline_debugger_enabled": True}, **kw)
    assert opted_out([], {"pipeline_debugger_enabled": True}, {"pipeline_debugger_enabled": "false"}, **kw)
    # empty option names switch the mechanism off
    assert not opted_out(["pipeline_debugger:off"], {"x": False}, None, tag="", param="")
