from __future__ import annotations

import json

import pytest

from airflow_pipeline_debugger.engine.llm.anthropic_client import AnthropicClient
from airflow_pipeline_debugger.engine.llm.openai_compat import OpenAICompatibleClient
from airflow_pipeline_debugger.engine.llm.settings import (
    ConnectionInfo,
    LLMConfigError,
    build_client,
    env_connection,
    resolve_llm_config,
)

DEFAULT = "claude-default"


def resolve(env=None, conn=None, conn_id="pipeline_debugger_llm"):
    return resolve_llm_config(
        conn_id=conn_id,
        default_model=DEFAULT,
        env=env or {},
        get_connection=(lambda cid: conn) if conn else None,
    )


def test_nothing_configured_means_deterministic():
    assert resolve() is None


def test_anthropic_env_with_base_url():
    cfg = resolve({"ANTHROPIC_API_KEY": "sk-ant", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9/"})
    assert (cfg.provider, cfg.model, cfg.api_key, cfg.base_url) == (
        "anthropic",
        DEFAULT,
        "sk-ant",
        "http://127.0.0.1:9/",
    )
    assert isinstance(build_client(cfg), AnthropicClient)
    assert "sk-ant" not in cfg.describe()


def test_openrouter_env():
    cfg = resolve({"OPENROUTER_API_KEY": "or", "OPENROUTER_MODEL": "anthropic/claude-sonnet"})
    assert (cfg.provider, cfg.base_url, cfg.model) == (
        "openai",
        "https://openrouter.ai/api/v1",
        "anthropic/claude-sonnet",
    )
    assert isinstance(build_client(cfg), OpenAICompatibleClient)


def test_connection_wins_over_env():
    conn = ConnectionInfo(
        "c", "anthropic", host="https://gateway.internal", password="k", extra={"model": "claude-x"}
    )
    cfg = resolve({"ANTHROPIC_API_KEY": "env"}, conn)
    assert (cfg.provider, cfg.model, cfg.api_key, cfg.base_url) == (
        "anthropic",
        "claude-x",
        "k",
        "https://gateway.internal",
    )


@pytest.mark.parametrize(
    ("model", "host", "provider", "name", "base_url"),
    [
        ("anthropic:claude-sonnet-4-5", "", "anthropic", "claude-sonnet-4-5", ""),
        ("ollama:llama3.1", "http://localhost:11434/v1", "openai", "llama3.1", "http://localhost:11434/v1"),
        ("openai:gpt-5", "", "openai", "gpt-5", "https://api.openai.com/v1"),
        (
            "openrouter:anthropic/claude-3.5",
            "",
            "openai",
            "anthropic/claude-3.5",
            "https://openrouter.ai/api/v1",
        ),
    ],
)
def test_pydanticai_connection_is_reused(model, host, provider, name, base_url):
    cfg = resolve(conn=ConnectionInfo("c", "pydanticai", host=host, password="k", extra={"model": model}))
    assert (cfg.provider, cfg.model, cfg.base_url) == (provider, name, base_url)


def test_generic_connection_with_explicit_provider_and_host_without_scheme():
    conn = ConnectionInfo(
        "c",
        "http",
        host="vllm.local",
        port=8000,
        schema="http",
        password="",
        extra={"provider": "openai", "model": "qwen", "structured_output": "json_schema"},
    )
    cfg = resolve(conn=conn)
    assert (cfg.base_url, cfg.structured_output) == ("http://vllm.local:8000", "json_schema")


@pytest.mark.parametrize(
    ("conn", "message"),
    [
        (ConnectionInfo("c", "generic", extra={"provider": "cohere"}, password="k"), "extra.provider"),
        (ConnectionInfo("c", "generic", extra={"provider": "openai"}), "base URL"),
        (ConnectionInfo("c", "anthropic"), "API key"),
        (
            ConnectionInfo("c", "anthropic", password="k", extra={"structured_output": "xml"}),
            "structured_output",
        ),
    ],
)
def test_bad_connections_name_themselves(conn, message):
    with pytest.raises(LLMConfigError, match=message):
        resolve(conn=conn)


def test_env_connection_variable_json_and_uri():
    env = {
        "AIRFLOW_CONN_LLM": json.dumps({"conn_type": "anthropic", "password": "k", "extra": {"model": "m"}})
    }
    info = env_connection(env)("llm")
    assert (info.conn_type, info.password, dict(info.extra)) == ("anthropic", "k", {"model": "m"})
    assert env_connection({})("llm") is None
    uri = env_connection(
        {"AIRFLOW_CONN_LLM": "anthropic://:secret@gateway.example.com:8443/?model=claude-y"}
    )("llm")
    assert uri.password == "secret" and uri.extra["model"] == "claude-y"
    assert uri.base_url() == "https://gateway.example.com:8443"
    with pytest.raises(LLMConfigError, match="AIRFLOW_CONN_LLM"):
        env_connection({"AIRFLOW_CONN_LLM": "{broken"})("llm")
    with pytest.raises(LLMConfigError, match="AIRFLOW_CONN_LLM"):
        env_connection({"AIRFLOW_CONN_LLM": "no scheme here"})("llm")


def test_configured_client_respects_llm_enabled(monkeypatch):
    from airflow_pipeline_debugger.engine.llm.settings import configured_client

    env = {"ANTHROPIC_API_KEY": "k"}
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__LLM_ENABLED", "false")
    assert configured_client(inside_airflow=False, env=env) is None
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__LLM_ENABLED", "true")
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__LLM_MODEL", "claude-from-conf")
    client = configured_client(inside_airflow=False, env=env)
    assert isinstance(client, AnthropicClient) and client.model == "claude-from-conf"
