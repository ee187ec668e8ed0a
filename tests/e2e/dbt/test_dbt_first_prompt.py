"""Every stage's first prompt on a real dbt schema-drift run (dbt.log, console, run_results, manifest)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from airflow_pipeline_debugger.engine.llm.model_path import ModelBudget
from airflow_pipeline_debugger.engine.llm.prompt import build_prompt
from airflow_pipeline_debugger.engine.offline import OfflineSettings, collect_files
from airflow_pipeline_debugger.engine.pipeline import analyse_bundle

REPO_ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO_ROOT))

from eval.generators.generate_dbt import SCENARIOS, dbt_executable, run_scenario  # noqa: E402

pytestmark = [
    pytest.mark.timeout(600),
    pytest.mark.skipif(not dbt_executable().exists(), reason=f"dbt is not installed at {dbt_executable()}"),
]
FIRST_PROMPT_BUDGET = 60_000
DECISIVE = 'Referenced column "email" not found'


def test_every_stage_starts_small_with_the_missing_column_line(tmp_path):
    scenario = next(s for s in SCENARIOS if s.name == "upstream_renamed_column")
    output = run_scenario(scenario, tmp_path)
    console = tmp_path / "console.log"
    console.write_text(output.console_log)
    project = output.project_dir
    logs = [project / "logs" / "dbt.log", console]
    artifacts = [project / "target" / "run_results.json", project / "target" / "manifest.json"]
    assert (project / "target" / "manifest.json").stat().st_size > 100_000  # the whole real manifest
    settings = OfflineSettings.load(use_model=False)
    bundle = collect_files(logs, artifacts, limits=settings.limits)
    _, prior = analyse_bundle(bundle, settings.heuristics)
    topology = settings.topology
    stages = topology.plan(prior.root_cause.category.value)
    assert [s.name for s in stages] == ["classify", "investigate_data", "recommend"]
    for stage in stages:
        prompt = build_prompt(
            bundle, prior, topology, max_chars=ModelBudget().first_prompt_chars, stages=[stage], tools=True
        )
        assert prompt.chars <= FIRST_PROMPT_BUDGET, stage.name
        assert DECISIVE in prompt.user, stage.name
