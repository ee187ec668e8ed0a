"""``analyze`` with a model configured through the environment, against the local Messages API server."""

from __future__ import annotations

import json
from pathlib import Path

from support.fake_anthropic import FakeAnthropic, Reply

from airflow_pipeline_debugger import cli

SPARK = Path(__file__).resolve().parents[2] / "fixtures" / "spark" / "skew_oom"


def answer() -> dict:
    return {
        "hypotheses": [
            {
                "id": "H1",
                "title": "Skewed join key",
                "description": "customer_id is hot",
                "likelihood": 80,
                "rule_id": "spark.skew_oom",
            },
            {"id": "H2", "title": "Executor memory too small", "description": "512m", "likelihood": 15},
            {"id": "H3", "title": "Node lost", "description": "infra", "likelihood": 5},
        ],
        "evidence_analysis": [
            {
                "hypothesis_id": "H1",
                "status": "confirmed",
                "reasoning": "E2 shows 134x skew.",
                "evidence": ["E2"],
            },
            {"hypothesis_id": "H2", "status": "dismissed", "reasoning": "Median tasks are small (E2)."},
            {"hypothesis_id": "H3", "status": "dismissed", "reasoning": "No executor loss."},
        ],
        "root_cause": {
            "hypothesis_id": "H1",
            "title": "Data skew on customer_id",
            "summary": "One key dominates stage 2.",
            "confidence": 85,
            "justification": "E2 measures it.",
            "category": "data",
            "transience": "permanent",
            "evidence": ["E2"],
            "dismissed": [],
            "evidence_gaps": [],
        },
        "remediation": {"immediate_fix": "Salt customer_id.", "diagnostic_commands": []},
    }


def stage_answers() -> list[dict]:
    """The default topology's three stages: classify (with the class), investigate_data, recommend."""
    whole = answer()
    return [
        {"hypotheses": whole["hypotheses"], "class": "data"},
        {"evidence_analysis": whole["evidence_analysis"], "root_cause": whole["root_cause"]},
        {"remediation": whole["remediation"]},
    ]


def test_analyze_uses_the_configured_model(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)
    event_log = next(SPARK.glob("eventlog_v2_*"))
    with FakeAnthropic() as server:
        classify, investigate, recommend = stage_answers()
        server.script(
            Reply.tool_answer(classify),
            Reply.tool_call("search", {"evidence": "E1", "pattern": "OutOfMemoryError"}),
            Reply.tool_answer(investigate),
            Reply.tool_answer(recommend),
        )
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-cli")
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        code = cli.main(
            ["analyze", "--log", str(SPARK / "driver.log"), "--artifact", str(event_log), "--format", "json"]
        )
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["engine"] == "model" and data["root_cause"]["title"] == "Data skew on customer_id"
    assert data["usage"]["tool_calls"] == 1
    assert len(server.requests) == 4
    # classify reads logs and Airflow only; the data branch reads the event log too.
    classify_prompt = server.requests[0].body["messages"][0]["content"]
    data_prompt = server.requests[1].body["messages"][0]["content"]
    assert "<<<EVIDENCE" in classify_prompt and "kind=spark_event_log" not in classify_prompt
    assert "kind=spark_event_log" in data_prompt and "Stage 2" in data_prompt
    found = server.requests[2].body["messages"][-1]["content"][0]["content"]
    assert "OutOfMemoryError" in found


def test_no_llm_flag_makes_no_call(monkeypatch, capsys):
    with FakeAnthropic() as server:
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-cli")
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        code = cli.main(["analyze", "--log", str(SPARK / "driver.log"), "--format", "json", "--no-llm"])
    assert code == 0 and server.requests == []
    assert json.loads(capsys.readouterr().out)["engine"] == "deterministic"


def test_analyze_through_openrouter_from_the_environment(monkeypatch, capsys):
    """``OPENROUTER_API_KEY`` (no Anthropic key) goes through the OpenAI-compatible client."""
    from support.fake_openai import ChatReply, FakeOpenAI

    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    with FakeOpenAI() as server:
        server.script(*(ChatReply(text=json.dumps(a)) for a in stage_answers()))
        monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-v1-test")
        monkeypatch.setenv("OPENROUTER_BASE_URL", server.url)
        monkeypatch.setenv("OPENROUTER_MODEL", "anthropic/claude-sonnet-4.5")
        code = cli.main(["analyze", "--log", str(SPARK / "driver.log"), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["engine"] == "model"
    assert data["root_cause"]["title"] == "Data skew on customer_id"
    assert server.requests[0]["model"] == "anthropic/claude-sonnet-4.5"
    assert server.auth[0] == "Bearer sk-or-v1-test"


def test_analyze_through_a_self_hosted_endpoint_named_by_an_airflow_connection(monkeypatch, capsys):
    """A ``pydanticai`` connection (common-ai provider) naming a vLLM/Ollama-style endpoint."""
    from support.fake_openai import ChatReply, FakeOpenAI

    for var in ("ANTHROPIC_API_KEY", "OPENROUTER_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    with FakeOpenAI() as server:
        server.script(*(ChatReply(text=json.dumps(a), finish_reason="stop") for a in stage_answers()))
        monkeypatch.setenv(
            "AIRFLOW_CONN_PIPELINE_DEBUGGER_LLM",
            json.dumps(
                {
                    "conn_type": "pydanticai",
                    "host": server.url,
                    "password": "local-token",
                    "extra": {"model": "vllm:qwen2.5-coder-32b", "structured_output": "json_schema"},
                }
            ),
        )
        monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__LLM_CONN_ID", "pipeline_debugger_llm")
        code = cli.main(["analyze", "--log", str(SPARK / "driver.log"), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["engine"] == "model"
    body = server.requests[0]
    assert body["model"] == "qwen2.5-coder-32b" and body["response_format"]["type"] == "json_schema"
    assert server.auth[0] == "Bearer local-token"
