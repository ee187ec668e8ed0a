from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from engine_builders import FixedRule, ScriptedLLM, make_bundle, model_answer

from airflow_pipeline_debugger.domain import StepKind
from airflow_pipeline_debugger.engine.fingerprint import CachedInvestigation
from airflow_pipeline_debugger.engine.llm.base import LLMError, LLMFailure
from airflow_pipeline_debugger.engine.llm.model_path import ModelBudget
from airflow_pipeline_debugger.engine.pipeline import EngineOptions, analyse_bundle, investigate_bundle
from airflow_pipeline_debugger.engine.sink import InMemorySink
from airflow_pipeline_debugger.engine.topology import load_topology

TOPOLOGY = load_topology(Path(__file__).resolve().parents[2] / "fixtures" / "topology" / "single.toml")
NOW = datetime(2026, 5, 1, tzinfo=UTC)
OPTIONS = EngineOptions(
    budget=ModelBudget(max_retries=1, backoff_base=0.0), cache_hours=24, now=lambda: NOW, sleep=lambda _: None
)
FOUR = [StepKind.HYPOTHESIS, StepKind.EVIDENCE, StepKind.ROOT_CAUSE, StepKind.REMEDIATION]


def run(llm=None, cache_lookup=None, bundle=None):
    sink = InMemorySink()
    result = investigate_bundle(
        bundle or make_bundle(),
        sink,
        llm=llm,
        topology=TOPOLOGY,
        heuristics=[FixedRule()],
        cache_lookup=cache_lookup,
        options=OPTIONS,
    )
    return result, sink


def test_deterministic_run_writes_status_then_the_four_steps_in_their_stages():
    result, sink = run()
    hyp, ev, rc, rem = FOUR
    status = StepKind.STATUS
    assert [s.kind for s in sink.steps] == [status, status, hyp, status, ev, rc, status, rem]
    assert [s.data["stage"] for s in sink.steps if "stage" in s.data] == [
        "classify",
        "investigate",
        "recommend",
    ]
    assert {s.source for s in sink.steps[1:]} == {"deterministic"}
    assert result.engine == "deterministic" and len(result.fingerprint) == 64
    assert sink.steps[0].data["rules_fired"] == ["test.fixed"]


def test_model_run_streams_model_steps():
    result, sink = run(ScriptedLLM(json.dumps(model_answer())))
    assert [s.kind for s in sink.steps] == [StepKind.STATUS] * 3 + FOUR
    assert sink.steps[2].data["stage"] == "classify+investigate+recommend"
    assert [s.source for s in sink.steps[2:]] == ["model"] * 5
    assert result.engine == "model" and result.usage["input_tokens"] == 100
    assert result.root_cause.title == "Data skew on customer_id"
    assert result.fingerprint == analyse_bundle(make_bundle(), [FixedRule()])[1].fingerprint


def test_model_failure_falls_back_with_a_note_and_status_step():
    result, sink = run(ScriptedLLM(LLMError(LLMFailure.TIMEOUT, "budget spent")))
    assert result.engine == "deterministic_fallback"
    assert result.notes[-1] == "llm_error: timeout: budget spent"
    assert result.root_cause.rule_id == "test.fixed"
    fallback = [s for s in sink.steps if s.title == "Model answer not used"]
    assert fallback and fallback[0].data["error"] == "timeout"
    assert [s.kind for s in sink.steps[-7:] if s.kind is not StepKind.STATUS] == FOUR


def test_failure_after_streaming_keeps_the_streamed_steps_and_says_so():
    answer = model_answer()
    answer["remediation"] = {"immediate_fix": 5}
    result, sink = run(ScriptedLLM(json.dumps(answer)))
    sources = [(s.kind, s.source) for s in sink.steps]
    assert sources[3:6] == [
        (StepKind.HYPOTHESIS, "model"),
        (StepKind.EVIDENCE, "model"),
        (StepKind.ROOT_CAUSE, "model"),
    ]
    assert sink.steps[6].data["emitted"] == ["hypotheses", "evidence_analysis", "root_cause"]
    assert [s.source for s in sink.steps[-4:]] == ["deterministic_fallback"] * 4
    assert result.engine == "deterministic_fallback"


def test_recent_identical_failure_is_reused_without_a_model_call():
    earlier, _ = run(ScriptedLLM(json.dumps(model_answer())))
    seen = {}

    def lookup(fp, since):
        seen["since"] = since
        return (
            CachedInvestigation("inv-7", NOW - timedelta(hours=1), earlier)
            if fp == earlier.fingerprint
            else None
        )

    client = ScriptedLLM()
    result, sink = run(client, cache_lookup=lookup)
    assert client.requests == []
    assert result.engine == "cache" and result.reused_from == "inv-7"
    assert result.root_cause.title == earlier.root_cause.title
    assert seen["since"] == NOW - timedelta(hours=24)
    assert sink.steps[1].title == "Same failure seen recently"
    assert [s.source for s in sink.steps[-4:]] == ["cache"] * 4


def test_no_cache_lookup_without_a_model():
    calls = []
    run(None, cache_lookup=lambda fp, since: calls.append(fp))
    assert calls == []
