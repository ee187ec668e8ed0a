"""Cooperative cancellation: the token, the model call's boundaries and the engine's stage checks."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from engine_builders import FixedRule, ScriptedLLM, make_bundle, model_answer

from airflow_pipeline_debugger.domain import CancelToken, InvestigationCancelledError, Step
from airflow_pipeline_debugger.engine.deterministic import investigate
from airflow_pipeline_debugger.engine.llm.base import (
    Deadline,
    LLMRequest,
    ToolCall,
    Turn,
    call_with_retries,
    closed_at_deadline,
)
from airflow_pipeline_debugger.engine.llm.model_path import ModelBudget, ask_model
from airflow_pipeline_debugger.engine.pipeline import EngineOptions, investigate_bundle
from airflow_pipeline_debugger.engine.rules import run_rules
from airflow_pipeline_debugger.engine.sink import InMemorySink
from airflow_pipeline_debugger.engine.topology import load_topology

SINGLE = Path(__file__).resolve().parents[2] / "fixtures" / "topology" / "single.toml"
REQUEST = LLMRequest("s", "u", "tool", "d", {"type": "object"}, 100)


def test_the_token_raises_where_it_was_noticed_with_the_first_reason() -> None:
    token = CancelToken()
    token.check("anywhere")  # not cancelled: nothing happens
    token.cancel("investigation timed out after 900s")
    token.cancel("the runner is stopping")
    assert token.is_set() and token.wait(0)
    with pytest.raises(InvestigationCancelledError) as stop:
        token.check("the rules")
    assert (stop.value.reason, stop.value.where) == ("investigation timed out after 900s", "the rules")
    assert str(stop.value) == "investigation timed out after 900s; stopped at the rules"


def test_close_actions_run_once_on_cancel_and_at_once_when_registered_late() -> None:
    token = CancelToken()
    closed: list[str] = []
    with token.on_cancel(lambda: closed.append("open stream")):
        token.cancel("timed out")
        token.cancel("again")
    with token.on_cancel(lambda: closed.append("late stream")):
        pass
    assert closed == ["open stream", "late stream"]
    fresh = CancelToken()
    with fresh.on_cancel(lambda: closed.append("left")):
        pass
    fresh.cancel("after the block")
    assert "left" not in closed


def test_a_retry_wait_ends_when_cancelled() -> None:
    token = CancelToken()
    threading.Timer(0.05, token.cancel, args=("timed out",)).start()
    with pytest.raises(InvestigationCancelledError, match="a retry wait"):
        token.pause(600)


def test_a_cancelled_stream_is_closed_and_reports_the_cancellation_not_its_read_error() -> None:
    token = CancelToken()
    closed: list[bool] = []
    expired = threading.Event()
    with pytest.raises(InvestigationCancelledError) as stop:
        with closed_at_deadline(Deadline.after(600, token), lambda: closed.append(True), expired):
            token.cancel("investigation timed out after 30s")
            raise OSError("the socket was shut down")  # what a reading loop sees after the close
    assert closed == [True] and not expired.is_set()
    assert stop.value.where == "the model stream"
    assert isinstance(stop.value.__context__, OSError)


def test_no_model_call_is_made_once_cancelled() -> None:
    token = CancelToken()
    token.cancel("timed out")
    client = ScriptedLLM("{}")
    with pytest.raises(InvestigationCancelledError, match="a model call"):
        call_with_retries(client, REQUEST, lambda _: None, Deadline.after(60, token), max_retries=2)
    assert client.requests == []


def test_a_cancelled_engine_stops_before_the_rules_and_writes_nothing() -> None:
    token = CancelToken()
    token.cancel("investigation timed out after 1s")
    sink = InMemorySink()
    with pytest.raises(InvestigationCancelledError, match="stopped at the rules"):
        investigate_bundle(
            make_bundle(),
            sink,
            llm=None,
            topology=load_topology(SINGLE),
            heuristics=[FixedRule()],
            options=EngineOptions(cancel=token),
        )
    assert sink.steps == []


def test_the_model_path_stops_at_the_next_stage(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(
        'calls = "per_stage"\n[categories.data]\ndescription = "d"\n[categories.unknown]\ndescription = "u"\n'
        '[stages.a]\nprompt = "hyp"\nproduces = ["hypotheses"]\n'
        '[stages.b]\nprompt = "rest"\ndepends_on = ["a"]\n'
        'produces = ["evidence_analysis", "root_cause", "remediation"]\n'
    )
    answer = model_answer()
    client = ScriptedLLM(
        json.dumps({"hypotheses": answer["hypotheses"]}),
        json.dumps({k: answer[k] for k in ("evidence_analysis", "root_cause", "remediation")}),
    )
    bundle = make_bundle()
    prior = investigate(bundle, run_rules(bundle, [FixedRule()]))
    token = CancelToken()
    with pytest.raises(InvestigationCancelledError) as stop:
        ask_model(
            bundle,
            prior,
            topology=load_topology(path),
            client=client,
            budget=ModelBudget(timeout_seconds=30, max_retries=0),
            on_part=lambda name, piece: token.cancel("investigation timed out after 30s"),
            cancel=token,
        )
    assert stop.value.where == "the model stage b" and len(client.requests) == 1


class ConversingLLM:
    """A tool-using client whose one turn asks for two evidence tool calls."""

    provider = "test"
    model = "conversing-model"
    supports_tools = True

    def __init__(self) -> None:
        self.turns = 0

    def converse(self, request: object, on_delta: object, deadline: Deadline) -> Turn:
        self.turns += 1
        return Turn(calls=[ToolCall("c1", "list_evidence", {}), ToolCall("c2", "list_evidence", {})])


def test_the_model_path_stops_before_the_next_tool_call() -> None:
    bundle = make_bundle()
    prior = investigate(bundle, run_rules(bundle, [FixedRule()]))
    token = CancelToken()
    tool_steps: list[str] = []

    def on_step(step: Step) -> None:
        if step.data.get("tool"):  # the first tool call is done: the investigation times out
            tool_steps.append(step.data["tool"])
            token.cancel("investigation timed out after 30s")

    client = ConversingLLM()
    with pytest.raises(InvestigationCancelledError) as stop:
        ask_model(
            bundle,
            prior,
            topology=load_topology(SINGLE),
            client=client,
            budget=ModelBudget(timeout_seconds=30, max_retries=0),
            on_part=lambda name, piece: None,
            on_step=on_step,
            cancel=token,
        )
    assert tool_steps == ["list_evidence"] and client.turns == 1
    assert stop.value.where.startswith("the tool call list_evidence of stage ")
