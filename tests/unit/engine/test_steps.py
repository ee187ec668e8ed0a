from __future__ import annotations

import pytest
from engine_builders import FixedRule, make_bundle

from airflow_pipeline_debugger.domain import StepKind
from airflow_pipeline_debugger.engine import steps
from airflow_pipeline_debugger.engine.deterministic import investigate
from airflow_pipeline_debugger.engine.rules import run_rules


def result():
    bundle = make_bundle()
    bundle.diagnostic_commands.append("yarn logs -applicationId app_1")
    return investigate(bundle, run_rules(bundle, [FixedRule()]))


def test_result_steps_are_the_four_steps_in_order():
    out = steps.result_steps(result(), "deterministic")
    assert [s.kind for s in out] == [
        StepKind.HYPOTHESIS,
        StepKind.EVIDENCE,
        StepKind.ROOT_CAUSE,
        StepKind.REMEDIATION,
    ]
    assert all(s.source == "deterministic" for s in out)
    hyp, ev, rc, rem = out
    assert "status" not in hyp.data["hypotheses"][0]
    assert ev.data["hypotheses"][0]["status"] == "confirmed"
    assert rc.title == "Root cause: Executor out of memory"
    assert rc.data["category"] == "config" and "E1:L3" in rc.body
    assert "`yarn logs -applicationId app_1`" in rem.body
    assert rem.data["immediate_fix"] == "Raise spark.executor.memory."


def test_part_step_rejects_unknown_parts():
    with pytest.raises(ValueError, match="no step"):
        steps.part_step("epilogue", [], "model")
