from __future__ import annotations

import json
from pathlib import Path

from engine_builders import FixedRule, ScriptedLLM, make_bundle, model_answer

from airflow_pipeline_debugger.domain import Category
from airflow_pipeline_debugger.engine.deterministic import investigate
from airflow_pipeline_debugger.engine.llm.base import LLMError, LLMFailure
from airflow_pipeline_debugger.engine.llm.model_path import ModelBudget, ask_model
from airflow_pipeline_debugger.engine.rules import run_rules
from airflow_pipeline_debugger.engine.topology import load_topology

SINGLE = Path(__file__).resolve().parents[2] / "fixtures" / "topology" / "single.toml"
BUDGET = ModelBudget(timeout_seconds=30, max_retries=2, backoff_base=0.0)


def run(client, bundle=None, topology=None):
    bundle = bundle or make_bundle()
    prior = investigate(bundle, run_rules(bundle, [FixedRule()]))
    parts = []
    outcome = ask_model(
        bundle,
        prior,
        topology=topology or load_topology(SINGLE),
        client=client,
        budget=BUDGET,
        on_part=lambda name, piece: parts.append(name),
        sleep=lambda _: None,
    )
    return outcome, parts


def test_valid_answer_streams_parts_in_order_and_converts():
    client = ScriptedLLM(json.dumps(model_answer()))
    outcome, parts = run(client)
    assert outcome.error is None
    assert parts == ["hypotheses", "evidence_analysis", "root_cause", "remediation"]
    assert outcome.result.root_cause.category is Category.DATA
    assert outcome.result.model == "scripted-model"
    assert outcome.usage.input_tokens == 100 and outcome.calls == 1
    request = client.requests[0]
    assert request.tool_name == "record_investigation"
    assert request.input_schema["properties"]["root_cause"]["properties"]["category"]["enum"][0] == "data"


def test_out_of_order_parts_are_emitted_in_method_order():
    answer = model_answer()
    reordered = {k: answer[k] for k in ("root_cause", "hypotheses", "remediation", "evidence_analysis")}
    outcome, parts = run(ScriptedLLM(json.dumps(reordered)))
    assert outcome.error is None
    assert parts == ["hypotheses", "evidence_analysis", "root_cause", "remediation"]


def test_schema_violation_mid_stream_fails_after_emitting_earlier_parts():
    answer = model_answer()
    answer["root_cause"]["confidence"] = "very"
    outcome, parts = run(ScriptedLLM(json.dumps(answer)))
    assert outcome.result is None
    assert outcome.error.kind is LLMFailure.SCHEMA
    assert parts == ["hypotheses", "evidence_analysis"]


def test_category_outside_topology_is_a_schema_violation():
    outcome, _ = run(ScriptedLLM(json.dumps(model_answer(category="weather"))))
    assert outcome.error.kind is LLMFailure.SCHEMA


def test_malformed_and_truncated_answers_fail():
    outcome, _ = run(ScriptedLLM('{"hypotheses": [}'))
    assert outcome.error.kind is LLMFailure.MALFORMED
    outcome, _ = run(ScriptedLLM(json.dumps(model_answer())[:-40]))
    assert outcome.error.kind in (LLMFailure.TRUNCATED, LLMFailure.SCHEMA)


def test_missing_part_is_a_schema_violation():
    answer = model_answer()
    del answer["remediation"]
    outcome, parts = run(ScriptedLLM(json.dumps(answer)))
    assert outcome.error.kind is LLMFailure.SCHEMA and "remediation" in str(outcome.error)
    assert parts == ["hypotheses", "evidence_analysis", "root_cause"]


def test_retry_after_a_429_before_anything_was_emitted():
    client = ScriptedLLM(LLMError(LLMFailure.RATE_LIMITED, "429", retry_after=1), json.dumps(model_answer()))
    outcome, parts = run(client)
    assert outcome.error is None and outcome.usage.attempts == 2
    assert parts == ["hypotheses", "evidence_analysis", "root_cause", "remediation"]


def test_unresolved_citation_lowers_confidence():
    outcome, _ = run(ScriptedLLM(json.dumps(model_answer(cite="E1:L999"))))
    assert outcome.error is None
    assert outcome.result.root_cause.confidence <= 30
    assert any("E1:L999" in n for n in outcome.result.notes)


def test_per_stage_topology_makes_one_call_per_producing_stage(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(
        'calls = "per_stage"\n[categories.data]\ndescription = "d"\n[categories.unknown]\ndescription = "u"\n'
        '[stages.a]\nprompt = "hyp"\nproduces = ["hypotheses"]\n'
        '[stages.b]\nprompt = "rest"\ndepends_on = ["a"]\n'
        'produces = ["evidence_analysis", "root_cause", "remediation"]\n'
    )
    answer = model_answer()
    first = json.dumps({"hypotheses": answer["hypotheses"]})
    second = json.dumps({k: answer[k] for k in ("evidence_analysis", "root_cause", "remediation")})
    client = ScriptedLLM(first, second)
    outcome, parts = run(
        client,
        topology=__import__(
            "airflow_pipeline_debugger.engine.topology", fromlist=["load_topology"]
        ).load_topology(path),
    )
    assert outcome.error is None and outcome.calls == 2
    assert list(client.requests[0].input_schema["properties"]) == ["hypotheses"]
    assert "Skewed join key" in client.requests[1].user
    assert parts == ["hypotheses", "evidence_analysis", "root_cause", "remediation"]
