"""The OpenAI-compatible path (OpenRouter, vLLM, Ollama) against a local chat-completions server."""

from __future__ import annotations

import json

import pytest
from support.fake_openai import ChatReply, FakeOpenAI
from test_fake_anthropic import FOUR, TOPOLOGY, ExecutorOom, answer, budget, bundle

from airflow_pipeline_debugger.domain import StepKind
from airflow_pipeline_debugger.engine.llm.openai_compat import OpenAICompatibleClient
from airflow_pipeline_debugger.engine.pipeline import investigate_bundle
from airflow_pipeline_debugger.engine.sink import InMemorySink


def investigate(server, structured_output="tool", timeout=20.0, retries=2):
    client = OpenAICompatibleClient(
        base_url=server.url, model="qwen-local", api_key="or-key", structured_output=structured_output
    )
    sink = InMemorySink()
    result = investigate_bundle(
        bundle(),
        sink,
        llm=client,
        topology=TOPOLOGY,
        heuristics=[ExecutorOom()],
        options=budget(timeout, retries),
    )
    return result, sink


@pytest.mark.parametrize("mode", ["tool", "json_schema"])
def test_streamed_answer_becomes_model_steps(mode):
    with FakeOpenAI() as server:
        server.script(
            ChatReply(text=json.dumps(answer()), finish_reason="tool_calls" if mode == "tool" else "stop")
        )
        result, sink = investigate(server, structured_output=mode)
    assert result.engine == "model" and result.model == "local-test-model"
    assert [s.kind for s in sink.steps if s.source == "model" and s.kind is not StepKind.STATUS] == FOUR
    assert result.usage["input_tokens"] == 321
    body = server.requests[0]
    assert body["stream"] is True and body["model"] == "qwen-local"
    if mode == "tool":
        assert body["tool_choice"] == "required"
        [answer_tool] = [t for t in body["tools"] if t["function"]["name"] == "record_investigation"]
        assert answer_tool["function"]["parameters"]["properties"]["root_cause"]
    else:
        assert body["response_format"]["type"] == "json_schema"
    assert server.auth[0] == "Bearer or-key"


def test_429_retry_after_then_success():
    with FakeOpenAI() as server:
        server.script(
            ChatReply(status=429, headers={"retry-after": "0"}), ChatReply(text=json.dumps(answer()))
        )
        result, _ = investigate(server)
    assert result.engine == "model" and result.usage["attempts"] == 2


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        (ChatReply(text='{"hypotheses": ['), "truncated_output"),
        (ChatReply(text=json.dumps(answer()), finish_reason="length"), "truncated_output"),
        (ChatReply(text=json.dumps(answer()), finish_reason="content_filter"), "refusal"),
        (ChatReply(text="{not json}"), "malformed_output"),
        (ChatReply(status=400), "http_error"),
    ],
)
def test_failures_fall_back(reply, kind):
    with FakeOpenAI() as server:
        server.script(reply)
        result, _ = investigate(server)
    assert result.engine == "deterministic_fallback"
    assert result.notes[-1].startswith(f"llm_error: {kind}")


def test_hang_is_cut_by_the_budget():
    with FakeOpenAI() as server:
        server.script(ChatReply(text=json.dumps(answer()), hang_after=1, chunk_size=20))
        result, _ = investigate(server, timeout=2.0)
    assert result.engine == "deterministic_fallback" and "timeout" in result.notes[-1]
