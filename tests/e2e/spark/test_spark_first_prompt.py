"""The first prompt of every stage on the real Spark skew run: small, and the decisive line in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from airflow_pipeline_debugger.engine.llm.model_path import ModelBudget
from airflow_pipeline_debugger.engine.llm.prompt import build_prompt
from airflow_pipeline_debugger.engine.offline import OfflineSettings, collect_files
from airflow_pipeline_debugger.engine.pipeline import analyse_bundle

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "spark"
FIRST_PROMPT_BUDGET = 60_000


@pytest.mark.parametrize("run", ["skew_oom", "skew_oom_1g"])
def test_every_stage_starts_small_with_the_out_of_memory_line(run):
    folder = FIXTURES / run
    settings = OfflineSettings.load(use_model=False)
    bundle = collect_files(
        [folder / "driver.log"], [next(folder.glob("eventlog_v2_*"))], limits=settings.limits
    )
    _, prior = analyse_bundle(bundle, settings.heuristics)
    topology = settings.topology
    stages = topology.plan(prior.root_cause.category.value)
    assert [s.name for s in stages] == ["classify", "investigate_data", "recommend"]
    for stage in stages:
        prompt = build_prompt(
            bundle, prior, topology, max_chars=ModelBudget().first_prompt_chars, stages=[stage], tools=True
        )
        assert prompt.chars <= FIRST_PROMPT_BUDGET, stage.name
        assert "java.lang.OutOfMemoryError: Java heap space" in prompt.user, stage.name
        # The classifier reads logs and Airflow: the event log's block and facts are not in its prompt.
        assert ("kind=spark_event_log" in prompt.user) == ("spark" in stage.readable), stage.name
