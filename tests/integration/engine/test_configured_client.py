"""The runner's model client: ``configured_client(inside_airflow=True)`` reads ``llm_conn_id`` through
Airflow's own secrets backends (here the environment backend) and the engine then talks to it.
"""

from __future__ import annotations

import json

import pytest
from support.fake_anthropic import FakeAnthropic, Reply
from support.fake_openai import ChatReply, FakeOpenAI
from test_fake_anthropic import FOUR, TOPOLOGY, ExecutorOom, answer, budget, bundle

from airflow_pipeline_debugger.domain import StepKind
from airflow_pipeline_debugger.engine.llm.anthropic_client import AnthropicClient
from airflow_pipeline_debugger.engine.llm.openai_compat import OpenAICompatibleClient
from airflow_pipeline_debugger.engine.llm.settings import LLMConfigError, configured_client
from airflow_pipeline_debugger.engine.pipeline import EngineOptions, investigate_bundle
from airflow_pipeline_debugger.engine.sink import InMemorySink

CONN_ID = "pd_engine_llm"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("ANTHROPIC_API_KEY", "OPENROUTER_API_KEY", "ANTHROPIC_BASE_URL", "OPENROUTER_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__LLM_ENABLED", "True")
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__LLM_CONN_ID", CONN_ID)


def run(client: object) -> tuple[object, InMemorySink]:
    sink = InMemorySink()
    result = investigate_bundle(
        bundle(), sink, llm=client, topology=TOPOLOGY, heuristics=[ExecutorOom()], options=budget()
    )
    return result, sink


def test_anthropic_connection_through_airflow_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeAnthropic() as server:
        monkeypatch.setenv(
            f"AIRFLOW_CONN_{CONN_ID.upper()}",
            json.dumps(
                {
                    "conn_type": "anthropic",
                    "host": server.url,
                    "password": "sk-ant-from-connection",
                    "extra": {"model": "claude-from-connection"},
                }
            ),
        )
        # An environment key must not win over the configured connection.
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-env-loses")
        client = configured_client(inside_airflow=True)
        assert isinstance(client, AnthropicClient)
        server.script(Reply.tool_answer(answer()))
        result, sink = run(client)
    assert result.engine == "model"
    assert [s.kind for s in sink.steps if s.source == "model"] == [StepKind.STATUS, *FOUR]
    request = server.requests[0]
    assert request.body["model"] == "claude-from-connection"
    assert "sk-ant-from-connection" in json.dumps(request.headers)
    assert "sk-ant-env-loses" not in json.dumps(request.headers)


def test_env_key_when_no_connection_is_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__LLM_CONN_ID", "")
    with FakeOpenAI() as server:
        monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-env")
        monkeypatch.setenv("OPENROUTER_BASE_URL", server.url)
        client = configured_client(inside_airflow=True)
        assert isinstance(client, OpenAICompatibleClient)
        server.script(ChatReply(text=json.dumps(answer())))
        result, _ = run(client)
    assert result.engine == "model" and server.auth[0] == "Bearer sk-or-env"


def test_unusable_connection_fails_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        f"AIRFLOW_CONN_{CONN_ID.upper()}", json.dumps({"conn_type": "anthropic", "extra": {"model": "m"}})
    )
    with pytest.raises(LLMConfigError, match=CONN_ID):
        configured_client(inside_airflow=True)


def test_disabled_means_no_client_even_with_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__LLM_ENABLED", "False")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-x")
    assert configured_client(inside_airflow=True) is None


def test_from_conf_reads_the_budget_and_cache_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__FINGERPRINT_CACHE_HOURS", "6")
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__LLM_TIMEOUT_SECONDS", "42")
    options = EngineOptions.from_conf(investigation_id="inv-1")
    assert options.cache_hours == 6 and options.budget.timeout_seconds == 42
    assert options.shared is not None and options.investigation_id == "inv-1"
