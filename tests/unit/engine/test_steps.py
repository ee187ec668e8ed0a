from __future__ import annotations

import pytest
from engine_builders import FixedRule, make_bundle

from airflow_pipeline_debugger.domain import Category, StepKind
from airflow_pipeline_debugger.engine import steps
from airflow_pipeline_debugger.engine.deterministic import investigate
from airflow_pipeline_debugger.engine.rules import run_rules
from airflow_pipeline_debugger.engine.tools import ToolOutcome
from airflow_pipeline_debugger.engine.topology import load_topology


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


@pytest.mark.parametrize(
    ("category", "investigate", "escalation"),
    [
        (Category.DATA, "investigate_data", ["task owner"]),
        (Category.INFRA, "investigate_infra", ["platform on-call"]),
        (Category.CONFIG, "investigate", ["task owner"]),
    ],
)
def test_the_deterministic_result_is_recorded_as_the_stages_its_class_picks(
    category, investigate, escalation
):
    res = result()
    res.root_cause.category = category
    out = steps.staged_result_steps(res, load_topology(), "deterministic")
    stages = [s for s in out if s.kind is StepKind.STATUS]
    assert [s.data["stage"] for s in stages] == ["classify", investigate, "recommend"]
    assert [s.kind for s in out if s.kind is not StepKind.STATUS] == [
        StepKind.HYPOTHESIS,
        StepKind.EVIDENCE,
        StepKind.ROOT_CAUSE,
        StepKind.REMEDIATION,
    ]
    assert out[0].data["readable"] == ["airflow", "logs"] and out[0].data["class"] == ""
    assert stages[1].data["class"] == (category.value if investigate != "investigate" else "")
    assert stages[2].data["escalation"] == escalation and "Escalation: " in stages[2].body
    # Each part follows the stage that produces it.
    assert out.index(stages[1]) < [s.kind for s in out].index(StepKind.EVIDENCE) < out.index(stages[2])


def test_a_tool_step_shows_the_call_a_short_outcome_and_the_result_without_its_fences():
    read = ToolOutcome(
        "<<<EVIDENCE tok id=E2 kind=upstream_log>>>\n   999| wrote 0 rows\n  1000| ```done\n"
        "<<<END tok id=E2>>>",
        seen={"E2": frozenset({999, 1000})},
    )
    step = steps.tool_step("investigate", "upstream_log", {"task_id": "extract"}, read, "model")
    assert step.title == "Stage investigate: upstream_log(task_id='extract') read"
    assert step.data["summary"] == "E2 L999-L1000 (2 lines)" and step.data["outcome"] == "read"
    assert "tok" not in step.body and step.body.startswith("````\n   999| wrote 0 rows")
    refused = ToolOutcome("refused: stage 'classify' may not read upstream evidence (x)", True, True)
    step = steps.tool_step("classify", "upstream_log", {"task_id": "extract"}, refused, "model")
    assert step.data["summary"] == "stage 'classify' may not read upstream evidence (x)"
    assert step.data["outcome"] == "refused" and step.title.endswith("refused")
    data = ToolOutcome('<<<EVIDENCE tok tool=dbt_node>>>\n{"name": "orders"}\n<<<END tok tool=dbt_node>>>')
    step = steps.tool_step("investigate", "dbt_node", {"unique_id": "orders"}, data, "model")
    assert step.data["summary"] == "18 characters of data" and step.body == '```\n{"name": "orders"}\n```'
