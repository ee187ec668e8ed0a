"""Every committed dbt eval scenario (real dbt output): the engine names the rule its label names."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from airflow_pipeline_debugger.adapters.dbt import DbtAdapter
from airflow_pipeline_debugger.domain import (
    EvidenceBundle,
    FailureContext,
    PipelineType,
    RuleFinding,
    TaskKey,
)
from airflow_pipeline_debugger.engine.pipeline import analyse_bundle
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.heuristics.registry import build_heuristics

SCENARIOS = Path(__file__).resolve().parents[4] / "eval" / "scenarios" / "dbt"


def scenario_dirs() -> list[Path]:
    return sorted(p for p in SCENARIOS.iterdir() if (p / "label.toml").is_file())


def explained_dirs() -> list[Path]:
    """Scenarios a rule must explain (an ``unknown`` label means no rule should claim it)."""
    return [d for d in scenario_dirs() if tomllib.loads((d / "label.toml").read_text())["root_cause_rule"]]


def investigate(folder: Path) -> tuple[EvidenceBundle, list[RuleFinding], RuleFinding | None]:
    """The bundle, every rule finding, and the one the deterministic engine chose as the root cause."""
    files = FileAccess({"dbt": [folder], "logs": [folder]})
    logs = [LogSource(name=p.name, source=str(p), path=p) for p in sorted((folder / "logs").glob("*.log"))]
    request = CollectionRequest(
        context=FailureContext(
            key=TaskKey(task_id="dbt_build"), operator="BashOperator", command="dbt build"
        ),
        files=files,
        logs=logs,
        artifact_paths=[folder / "artifacts"],
    )
    bundle = EvidenceBundle(context=request.context, pipeline_type=PipelineType.DBT)
    DbtAdapter().collect(request, bundle)
    outcome, result = analyse_bundle(bundle, build_heuristics())
    chosen = next((f for f in outcome.findings if f.rule_id == result.root_cause.rule_id), None)
    return bundle, outcome.findings, chosen


def test_at_least_eight_scenarios_across_categories():
    """The set covers data, code and config failures."""
    labels = [tomllib.loads((d / "label.toml").read_text()) for d in scenario_dirs()]
    assert len(labels) >= 8
    assert {label["category"] for label in labels} >= {"data", "code", "config"}
    assert all(label["platform"] == "dbt" for label in labels)


@pytest.mark.parametrize("folder", explained_dirs(), ids=lambda p: p.name)
def test_scenario_root_cause(folder):
    """The engine's root-cause finding matches the label's rule and category and mentions its keywords."""
    label = tomllib.loads((folder / "label.toml").read_text())
    bundle, _, top = investigate(folder)
    assert top is not None, f"no root-cause rule; signals: {[s.code for s in bundle.signals]}"
    assert top.rule_id == label["root_cause_rule"]
    assert top.category.value == label["category"]
    text = " ".join([top.title, top.summary, *(v for _, v in top.details)]).lower()
    missing = [k for k in label["root_cause_keywords"] if k.lower() not in text]
    assert not missing, f"keywords {missing} not in: {text}"
    assert top.immediate_fix and top.change and top.prevention and top.monitoring
    fix_text = " ".join([top.immediate_fix, top.change, top.prevention]).lower()
    assert any(k.lower() in fix_text for k in label.get("fix_keywords", [])), fix_text
    assert top.evidence_ids, "the finding cites no evidence"
    assert DbtAdapter().diagnostic_commands(bundle)


def test_stale_scenario_does_not_blame_the_old_test():
    """After the Jinja error, the earlier not_null failure is only mentioned as stale."""
    bundle, findings, top = investigate(SCENARIOS / "stale_artifacts_after_jinja_error")
    assert not any(f.rule_id == "dbt.test_failure" for f in findings)
    assert bundle.has_signal("dbt.stale_artifacts")
    assert top is not None
    assert any("stale run_results.json" in label for label, _ in top.details)
