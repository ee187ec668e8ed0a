"""Every committed Spark eval scenario (real PySpark output) is explained by the rule its label names.

Runs the offline engine path (``engine.offline.analyze_files``: the collector, every adapter, every
rule, the deterministic investigator) without a model on each ``eval/scenarios/spark/<name>/``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from airflow_pipeline_debugger.domain import FailureContext, TaskKey
from airflow_pipeline_debugger.engine.offline import OfflineSettings, analyze_files

SCENARIOS = Path(__file__).resolve().parents[4] / "eval" / "scenarios" / "spark"
#: The wrong answer to a skewed join (the same expression the eval uses).
MORE_MEMORY_RE = re.compile(r"\b(increase|raise|bump|double|more)\b.{0,40}\bmemory\b", re.IGNORECASE)
MAX_SCENARIO_BYTES = 2 * 1024 * 1024


def scenario_dirs() -> list[Path]:
    return sorted(p for p in SCENARIOS.iterdir() if (p / "label.toml").is_file())


@pytest.fixture(scope="module")
def settings() -> OfflineSettings:
    return OfflineSettings.load(use_model=False)


def test_scenarios_cover_the_categories():
    """At least ten scenarios, across data, code, config and infra, each small enough to commit."""
    labels = {d.name: tomllib.loads((d / "label.toml").read_text()) for d in scenario_dirs()}
    assert len(labels) >= 10, sorted(labels)
    assert {label["category"] for label in labels.values()} >= {"data", "code", "config", "infra"}
    assert all(label["platform"] == "spark" for label in labels.values())
    for folder in scenario_dirs():
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        assert size < MAX_SCENARIO_BYTES, f"{folder.name}: {size} bytes"
        assert list((folder / "artifacts").glob("eventlog_v2_*/events_*")), f"{folder.name}: no event log"


@pytest.mark.parametrize("folder", scenario_dirs(), ids=lambda p: p.name)
def test_scenario_root_cause(folder, settings):
    """Root-cause rule and category as labelled; the fix names the labelled remedy."""
    label = tomllib.loads((folder / "label.toml").read_text())
    logs = sorted((folder / "logs").iterdir())
    artifacts = sorted((folder / "artifacts").iterdir())
    run = analyze_files(
        logs, artifacts, settings, context=FailureContext(key=TaskKey(task_id=folder.name), trigger="test")
    )
    result = run.result
    assert result.root_cause.rule_id == label["root_cause_rule"], result.root_cause.title
    assert result.category.value == label["category"]
    text = " ".join([result.root_cause.title, result.root_cause.summary]).lower()
    hits = [k for k in label["root_cause_keywords"] if k.lower() in text]
    assert len(hits) * 2 >= len(label["root_cause_keywords"]), (hits, text)
    remediation = result.remediation
    fix_text = " ".join([remediation.immediate_fix, remediation.change, remediation.prevention]).lower()
    assert any(k.lower() in fix_text for k in label["fix_keywords"]), fix_text
    assert "spark_event_log" in {e.kind.value for e in run.bundle.evidence}
    if "skew" in label["root_cause_rule"]:
        assert not MORE_MEMORY_RE.search(remediation.immediate_fix), remediation.immediate_fix
