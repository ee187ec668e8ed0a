"""Stages that read evidence through tools, within their permissions and budgets (real SDKs, fake servers).

Each test scripts a multi-turn conversation on the fake Anthropic or OpenAI-compatible server: the
model calls evidence tools, gets their results (or a refusal), then answers through the answer tool.
The assertions are on what the engine recorded (steps, usage, notes) and on what the server received.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support.fake_anthropic import FakeAnthropic, Reply
from support.fake_openai import ChatReply, FakeOpenAI
from test_fake_anthropic import TOPOLOGY as SINGLE

from airflow_pipeline_debugger.domain import (
    Category,
    Evidence,
    EvidenceBundle,
    EvidenceKind,
    FailureContext,
    LogLine,
    PipelineType,
    RuleFinding,
    Severity,
    Signal,
    StepKind,
    TaskKey,
    Transience,
)
from airflow_pipeline_debugger.engine.llm.anthropic_client import AnthropicClient
from airflow_pipeline_debugger.engine.llm.model_path import ModelBudget
from airflow_pipeline_debugger.engine.llm.openai_compat import OpenAICompatibleClient
from airflow_pipeline_debugger.engine.pipeline import EngineOptions, investigate_bundle
from airflow_pipeline_debugger.engine.sink import InMemorySink
from airflow_pipeline_debugger.engine.topology import Topology, load_topology
from airflow_pipeline_debugger.heuristics.base import Heuristic

DECISIVE = 1500
LOG_LINES = 3000
DECISIVE_TEXT = (
    'Runtime Error in model stg_customers: Binder Error: Referenced column "email" not found in FROM clause'
)
SPARK_MARKER = "SPARKONLY"
COMPILED_SQL = "select id, email as customer_email from raw.customers"

BRANCHES = """
version = 1
calls = "per_stage"

[categories.data]
description = "Bad or drifted input data."
[categories.code]
description = "A bug in the code."
[categories.config]
description = "Misconfiguration."
[categories.infra]
description = "The platform failed."
[categories.unknown]
description = "Not enough evidence."

[stages.classify]
readable = ["logs", "airflow"]
produces = ["hypotheses", "class"]
prompt = "State hypotheses and classify the failure."

[stages.investigate]
depends_on = ["classify"]
readable = ["logs", "airflow", "dbt", "spark", "artifacts"]
produces = ["evidence_analysis", "root_cause"]
prompt = "Decide each hypothesis from any evidence."

[stages.investigate_data]
depends_on = ["classify"]
when = ["data"]
readable = ["logs", "dbt", "upstream"]
produces = ["evidence_analysis", "root_cause"]
prompt = "A data failure: read the failing dbt node and the lines around the error."

[stages.recommend]
depends_on = ["investigate", "investigate_data"]
readable = ["logs", "dbt"]
produces = ["remediation"]
prompt = "Give the fix."
"""


class MissingColumn(Heuristic):
    """Test rule: a dbt model selects a column the upstream no longer has (data)."""

    id = "dbt.missing_column"
    title = "Missing column"
    requires = frozenset({"dbt.missing_column"})

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        return self.finding(
            title="Upstream renamed a column",
            severity=Severity.SEVERE,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=70,
            summary="stg_customers selects email, which raw.customers no longer has.",
            signals=bundle.signals_with("dbt.missing_column"),
            immediate_fix="Select email_address.",
        )


def make_bundle() -> EvidenceBundle:
    lines = [f"12:00:{n % 60:02d}  dbt progress line {n} of the build" for n in range(1, LOG_LINES + 1)]
    lines[DECISIVE - 1] = DECISIVE_TEXT
    log = "\n".join(lines)
    manifest = json.dumps(
        [
            {
                "unique_id": "model.demo.stg_customers",
                "name": "stg_customers",
                "compiled_code": COMPILED_SQL,
                "depends_on": ["source.demo.raw.customers"],
            }
        ],
        indent=1,
    )
    event_log = "\n".join(f"{SPARK_MARKER} stage 4 task {n} spilled 2 GB" for n in range(1, 30))
    b = EvidenceBundle(
        context=FailureContext(key=TaskKey(dag_id="shop", run_id="r1", task_id="dbt_build", try_number=1)),
        pipeline_type=PipelineType.DBT,
    )
    for kind, name, content in (
        (EvidenceKind.LOG, "dbt.log", log),
        (EvidenceKind.DBT_MANIFEST, "manifest.json", manifest),
        (EvidenceKind.SPARK_EVENT_LOG, "eventlog", event_log),
    ):
        b.add_evidence(
            Evidence(id="", kind=kind, name=name, source="test", content=content, size_bytes=len(content))
        )
    b.signals.append(
        Signal(
            "dbt.missing_column", "column email not found", "E1", (LogLine("E1", DECISIVE, DECISIVE_TEXT),)
        )
    )
    b.signals.append(Signal("spark.skew", f"{SPARK_MARKER} skewed stage", "E3", (LogLine("E3", 2, "x"),)))
    b.facts["dbt"] = {"failures": [{"unique_id": "model.demo.stg_customers", "status": "error"}]}
    b.facts["spark"] = {"stages": [{"stage_id": 4, "note": f"{SPARK_MARKER} 34 mentions of skew"}]}
    return b


UPSTREAM_MARK = "UPSTREAMONLY"
UPSTREAM_LINE = 1180
UPSTREAM_TEXT = f"{UPSTREAM_MARK} export wrote column email_address (was email) to raw.customers"


def with_upstream_logs() -> EvidenceBundle:
    """The bundle plus what the Airflow adapter collects upstream: one log tail and one lost log."""
    b = make_bundle()
    tail = [f"export progress {n} {UPSTREAM_MARK}" for n in range(1001, 1201)]
    tail[UPSTREAM_LINE - 1001] = UPSTREAM_TEXT
    b.add_evidence(
        Evidence(
            id="",
            kind=EvidenceKind.UPSTREAM_LOG,
            name="upstream log export_customers (try 1, last 200 of 1200 lines)",
            source="airflow task log shop/export_customers",
            content="\n".join(tail),
            summary={"upstream_task_id": "export_customers", "first_line_no": 1001, "total_lines": 1200},
        )
    )
    b.add_evidence(
        Evidence(
            id="",
            kind=EvidenceKind.COLLECTION_ERROR,
            name="upstream log seed_raw",
            source="airflow task log shop/seed_raw",
            content="ConnectionError: the worker's log server did not answer",
            summary={"upstream_task_id": "seed_raw"},
        )
    )
    return b


HYPOTHESES = [
    {"id": "H1", "title": "Upstream renamed email", "likelihood": 70, "rule_id": "dbt.missing_column"},
    {"id": "H2", "title": "Model code typo", "likelihood": 20},
    {"id": "H3", "title": "Warehouse outage", "likelihood": 10},
]
ANALYSIS = [
    {
        "hypothesis_id": "H1",
        "status": "confirmed",
        "reasoning": "The binder error.",
        "evidence": [f"E1:L{DECISIVE}"],
    },
    {"hypothesis_id": "H2", "status": "dismissed", "reasoning": "The SQL matches the old column."},
    {"hypothesis_id": "H3", "status": "dismissed", "reasoning": "The query ran."},
]
REMEDIATION = {"immediate_fix": "Select email_address as email in stg_customers."}


def root_cause(*evidence: str) -> dict[str, Any]:
    return {
        "hypothesis_id": "H1",
        "title": "Upstream renamed customers.email",
        "summary": "raw.customers has email_address now.",
        "confidence": 80,
        "justification": "The binder error names email.",
        "category": "data",
        "transience": "permanent",
        "evidence": list(evidence),
    }


def full_answer(*evidence: str) -> dict[str, Any]:
    return {
        "hypotheses": HYPOTHESES,
        "evidence_analysis": ANALYSIS,
        "root_cause": root_cause(*evidence),
        "remediation": REMEDIATION,
    }


def budget(**kwargs: Any) -> ModelBudget:
    defaults: dict[str, Any] = {
        "timeout_seconds": 20.0,
        "max_retries": 0,
        "backoff_base": 0.0,
        "first_prompt_chars": 9_000,
        "prices": {"claude-test-model": (3.0, 15.0)},
    }
    return ModelBudget(**{**defaults, **kwargs})


def branches(tmp_path: Path) -> Topology:
    path = tmp_path / "topology.toml"
    path.write_text(BRANCHES)
    return load_topology(path)


# -- the two providers behind one scripting interface ------------------------------------------


def tool(name: str, args: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return (name, args)


def answer(payload: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return ("record_investigation", payload)


class Anthropic:
    name = "anthropic"

    def __init__(self, default: tuple[str, dict[str, Any]] | None = None) -> None:
        reply = Reply.tool_call(*default) if default else None
        self.server = FakeAnthropic(default=reply)

    def __enter__(self) -> Anthropic:
        self.server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.__exit__(*exc)

    def script(self, *turns: tuple[str, dict[str, Any]]) -> None:
        self.server.script(*(Reply.tool_call(name, args) for name, args in turns))

    def client(self) -> AnthropicClient:
        return AnthropicClient(api_key="sk-ant-test", model="claude-test", base_url=self.server.url)

    def bodies(self) -> list[dict[str, Any]]:
        return [r.body for r in self.server.requests]

    @staticmethod
    def tool_results(body: dict[str, Any]) -> list[dict[str, Any]]:
        last = body["messages"][-1]["content"]
        return (
            [c for c in last if isinstance(c, dict) and c.get("type") == "tool_result"]
            if isinstance(last, list)
            else []
        )


class OpenAI:
    name = "openai"

    def __init__(self, default: tuple[str, dict[str, Any]] | None = None) -> None:
        reply = ChatReply.tool_call(*default) if default else None
        self.server = FakeOpenAI(default=reply)

    def __enter__(self) -> OpenAI:
        self.server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.__exit__(*exc)

    def script(self, *turns: tuple[str, dict[str, Any]]) -> None:
        self.server.script(*(ChatReply.tool_call(name, args) for name, args in turns))

    def client(self) -> OpenAICompatibleClient:
        return OpenAICompatibleClient(base_url=self.server.url, model="local-test-model")

    def bodies(self) -> list[dict[str, Any]]:
        return list(self.server.requests)

    @staticmethod
    def tool_results(body: dict[str, Any]) -> list[dict[str, Any]]:
        return [m for m in body["messages"] if m["role"] == "tool"][-1:]


PROVIDERS = [pytest.param(Anthropic, id="anthropic"), pytest.param(OpenAI, id="openai")]


def run(
    provider: Anthropic | OpenAI,
    topology: Topology,
    model_budget: ModelBudget,
    bundle: EvidenceBundle | None = None,
):
    sink = InMemorySink()
    result = investigate_bundle(
        bundle or make_bundle(),
        sink,
        llm=provider.client(),
        topology=topology,
        heuristics=[MissingColumn()],
        options=EngineOptions(budget=model_budget),
    )
    return result, sink


def tool_steps(sink: InMemorySink) -> list[tuple[str, str, bool]]:
    return [(s.data["stage"], s.data["tool"], s.data["refused"]) for s in sink.steps if "tool" in s.data]


# -- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("provider_type", PROVIDERS)
def test_classify_then_the_data_branch_reads_a_log_window_and_a_dbt_node(provider_type, tmp_path):
    """classify → investigate_data (chosen by the class) → recommend, reading evidence before answering."""
    window = DECISIVE - 12
    with provider_type() as provider:
        provider.script(
            answer({"class": "data", "hypotheses": HYPOTHESES}),
            tool("read_lines", {"evidence": "E1", "around": window, "radius": 3}),
            tool("dbt_node", {"unique_id": "model.demo.stg_customers"}),
            answer(
                {"evidence_analysis": ANALYSIS, "root_cause": root_cause(f"E1:L{DECISIVE}", f"E1:L{window}")}
            ),
            answer({"remediation": REMEDIATION}),
        )
        result, sink = run(provider, branches(tmp_path), budget())
        bodies = provider.bodies()

    assert result.engine == "model", result.notes
    assert result.root_cause.category is Category.DATA
    # A line outside the first prompt's windows is citable because the stage read it.
    assert result.root_cause.evidence == [f"E1:L{DECISIVE}", f"E1:L{window}"]
    assert not [n for n in result.notes if "unresolved" in n]
    stages = [s.data["stage"] for s in sink.steps if "stage" in s.data and "tool" not in s.data]
    assert stages == ["classify", "investigate_data", "recommend"]
    assert tool_steps(sink) == [
        ("investigate_data", "read_lines", False),
        ("investigate_data", "dbt_node", False),
    ]
    assert len(bodies) == 5
    read, node = provider.tool_results(bodies[2])[0], provider.tool_results(bodies[3])[0]
    assert f"{window:>6}| " in json.dumps(read) and COMPILED_SQL in json.dumps(node)
    assert result.usage["tool_calls"] == 2
    # Every stage's requests: the data branch reads logs and dbt only, never the Spark evidence.
    assert SPARK_MARKER not in json.dumps(bodies)


@pytest.mark.parametrize("provider_type", PROVIDERS)
def test_a_stage_denied_spark_gets_a_refusal_and_no_byte_of_the_event_log(provider_type, tmp_path):
    with provider_type() as provider:
        provider.script(
            tool("read_lines", {"evidence": "E3", "start": 1, "end": 20}),
            tool("spark_stage", {"stage_id": 4}),
            answer({"class": "data", "hypotheses": HYPOTHESES}),
            answer({"evidence_analysis": ANALYSIS, "root_cause": root_cause(f"E1:L{DECISIVE}")}),
            answer({"remediation": REMEDIATION}),
        )
        result, sink = run(provider, branches(tmp_path), budget())
        bodies = provider.bodies()

    assert result.engine == "model", result.notes
    assert tool_steps(sink) == [("classify", "read_lines", True), ("classify", "spark_stage", True)]
    refusal = next(s for s in sink.steps if s.data.get("refused"))
    assert refusal.title.endswith("refused") and "may not read spark evidence" in refusal.body
    sent_back = json.dumps(provider.tool_results(bodies[1]))
    assert "refused: stage 'classify' may not read spark evidence" in sent_back
    # Neither the evidence block, nor its signal, nor the Spark facts reached any request.
    assert SPARK_MARKER not in json.dumps(bodies)


@pytest.mark.parametrize("provider_type", PROVIDERS)
def test_a_tool_loop_that_never_ends_stops_at_the_budget_and_keeps_the_deterministic_answer(provider_type):
    with provider_type(default=tool("list_evidence", {})) as provider:
        result, sink = run(provider, SINGLE, budget(max_tool_calls=3))
        requests = len(provider.bodies())

    assert result.engine == "deterministic_fallback"
    assert result.root_cause.rule_id == "dbt.missing_column"
    assert result.notes[-1].startswith("llm_error: budget_exhausted")
    assert requests == 4 and len(tool_steps(sink)) == 3
    assert result.usage["tool_calls"] == 3


def test_the_token_budget_spans_every_turn_of_the_investigation():
    with Anthropic(default=tool("list_evidence", {})) as provider:
        # Each fake turn reports 1234 + 567 tokens: the third turn passes 5,000.
        result, _ = run(provider, SINGLE, budget(max_tool_calls=50, max_tokens=5_000))
        requests = len(provider.bodies())
    assert result.engine == "deterministic_fallback"
    assert "tokens used, budget 5000" in result.notes[-1] and requests == 3
    assert result.usage["input_tokens"] == 3 * 1234


@pytest.mark.parametrize("provider_type", PROVIDERS)
def test_citing_a_line_the_stage_never_saw_costs_confidence_reading_it_first_does_not(provider_type):
    unseen = 10
    with provider_type() as provider:
        provider.script(answer(full_answer(f"E1:L{DECISIVE}", f"E1:L{unseen}")))
        guessed, _ = run(provider, SINGLE, budget())
    with provider_type() as provider:
        provider.script(
            tool("read_lines", {"evidence": "E1", "around": unseen, "radius": 2}),
            answer(full_answer(f"E1:L{DECISIVE}", f"E1:L{unseen}")),
        )
        read, _ = run(provider, SINGLE, budget())

    assert guessed.engine == read.engine == "model"
    assert f"unresolved citation in root cause: E1:L{unseen}" in guessed.notes
    assert guessed.root_cause.confidence == 80 - 10
    assert read.root_cause.confidence == 80 and read.root_cause.evidence == [
        f"E1:L{DECISIVE}",
        f"E1:L{unseen}",
    ]


def test_cost_is_priced_from_the_sdk_usage_over_every_turn():
    with Anthropic() as provider:
        provider.script(tool("list_evidence", {}), answer(full_answer(f"E1:L{DECISIVE}")))
        result, _ = run(provider, SINGLE, budget())
    assert result.usage["input_tokens"] == 2 * 1234 and result.usage["output_tokens"] == 2 * 567
    assert result.usage["cost_usd"] == pytest.approx(2 * (1234 * 3.0 + 567 * 15.0) / 1_000_000)


def test_a_dollar_budget_stops_the_investigation():
    with Anthropic(default=tool("list_evidence", {})) as provider:
        result, _ = run(provider, SINGLE, budget(max_tool_calls=50, max_cost_usd=0.02))
    assert result.engine == "deterministic_fallback" and "spent, budget $0.0200" in result.notes[-1]


def test_bad_tool_arguments_are_answered_as_errors_not_crashes():
    with Anthropic() as provider:
        provider.script(
            tool("read_lines", {"evidence": "E99", "around": 1}),
            tool("read_lines", {"evidence": "E1", "around": "x"}),
            tool("delete_everything", {}),
            answer(full_answer(f"E1:L{DECISIVE}")),
        )
        result, sink = run(provider, SINGLE, budget())
        bodies = provider.bodies()
    assert result.engine == "model"
    errors = [json.dumps(Anthropic.tool_results(b)) for b in bodies[1:4]]
    assert "no evidence 'E99'" in errors[0] and "around must be an integer" in errors[1]
    assert "no tool named 'delete_everything'" in errors[2]
    assert [s.data["error"] for s in sink.steps if "tool" in s.data] == [True, True, True]
    assert all(s.kind is StepKind.STATUS for s in sink.steps if "tool" in s.data)


def test_a_stage_budget_of_tool_calls_is_its_own(tmp_path):
    topology = branches(tmp_path)
    path = tmp_path / "limited.toml"
    path.write_text(BRANCHES.replace('when = ["data"]', 'when = ["data"]\nmax_tool_calls = 1'))
    with Anthropic(default=tool("list_evidence", {})) as provider:
        provider.script(answer({"class": "data", "hypotheses": HYPOTHESES}))
        result, sink = run(provider, load_topology(path), budget())
    assert topology.plan("data")[1].max_tool_calls is None
    assert result.engine == "deterministic_fallback"
    assert "stage investigate_data wanted more than its 1 tool calls" in result.notes[-1]
    assert tool_steps(sink) == [("investigate_data", "list_evidence", False)]


def test_a_stage_with_no_tool_budget_is_offered_only_the_answer_tool(tmp_path):
    path = tmp_path / "no_tools.toml"
    path.write_text(
        BRANCHES.replace(
            'produces = ["hypotheses", "class"]', 'produces = ["hypotheses", "class"]\nmax_tool_calls = 0'
        )
    )
    with Anthropic() as provider:
        provider.script(
            answer({"class": "code", "hypotheses": HYPOTHESES}),
            answer({"evidence_analysis": ANALYSIS, "root_cause": root_cause(f"E1:L{DECISIVE}")}),
            answer({"remediation": REMEDIATION}),
        )
        result, sink = run(provider, load_topology(path), budget())
        offered = [[t["name"] for t in body["tools"]] for body in provider.bodies()]
    assert result.engine == "model", result.notes
    assert offered[0] == ["record_investigation"] and "read_lines" in offered[1]
    # The class "code" has no branch: the unconditioned investigate stage ran.
    stages = [s.data["stage"] for s in sink.steps if "stage" in s.data and "tool" not in s.data]
    assert stages == ["classify", "investigate", "recommend"]


@pytest.mark.parametrize("provider_type", PROVIDERS)
def test_the_data_branch_reads_the_upstream_task_log_and_cites_what_it_read(provider_type, tmp_path):
    """The upstream log is never in a first prompt; read through upstream_log, its lines are citable."""
    cited = f"E4:L{UPSTREAM_LINE}"
    with provider_type() as provider:
        provider.script(
            answer({"class": "data", "hypotheses": HYPOTHESES}),
            tool("upstream_log", {"task_id": "export_customers"}),
            tool("upstream_log", {"task_id": "seed_raw"}),
            answer({"evidence_analysis": ANALYSIS, "root_cause": root_cause(f"E1:L{DECISIVE}", cited)}),
            answer({"remediation": REMEDIATION}),
        )
        result, sink = run(provider, branches(tmp_path), budget(), with_upstream_logs())
        bodies = provider.bodies()

    assert result.engine == "model", result.notes
    assert result.root_cause.evidence == [f"E1:L{DECISIVE}", cited]
    assert result.root_cause.confidence == 80 and not [n for n in result.notes if "unresolved" in n]
    assert tool_steps(sink) == [
        ("investigate_data", "upstream_log", False),
        ("investigate_data", "upstream_log", True),
    ]
    read = next(s for s in sink.steps if s.data.get("tool") == "upstream_log")
    assert read.data["summary"] == "E4 L1001-L1200 (200 lines)" and UPSTREAM_TEXT in read.body
    # No stage's first prompt carries the upstream log: only the tool result does.
    first_prompts = json.dumps([bodies[0], bodies[1]])
    assert UPSTREAM_MARK not in first_prompts and "upstream log export_customers" not in first_prompts
    sent = json.dumps(provider.tool_results(bodies[2]))
    assert f"{UPSTREAM_LINE:>6}| {UPSTREAM_TEXT}" in sent
    lost = json.dumps(provider.tool_results(bodies[3]))
    assert 'refused: no log of task \\"seed_raw\\": it could not be read (ConnectionError' in lost


@pytest.mark.parametrize("provider_type", PROVIDERS)
def test_a_stage_denied_upstream_gets_a_refusal_and_no_byte_of_the_upstream_log(provider_type, tmp_path):
    with provider_type() as provider:
        provider.script(
            tool("upstream_log", {"task_id": "export_customers"}),
            tool("read_lines", {"evidence": "E4", "around": UPSTREAM_LINE}),
            answer({"class": "data", "hypotheses": HYPOTHESES}),
            answer({"evidence_analysis": ANALYSIS, "root_cause": root_cause(f"E1:L{DECISIVE}")}),
            answer({"remediation": REMEDIATION}),
        )
        result, sink = run(provider, branches(tmp_path), budget(), with_upstream_logs())
        bodies = provider.bodies()

    assert result.engine == "model", result.notes
    assert tool_steps(sink) == [("classify", "upstream_log", True), ("classify", "read_lines", True)]
    assert "refused: stage 'classify' may not read upstream evidence" in json.dumps(
        provider.tool_results(bodies[1])
    )
    # Every request of the classify stage (its prompt and both refusals): not a byte of the upstream log.
    classify = bodies[:3]
    assert all(
        UPSTREAM_MARK not in json.dumps(b) and "email_address (was email)" not in json.dumps(b)
        for b in classify
    )
    # The upstream_log tool stays offered (so the refusal is explained and recorded), its data never sent.
    assert any(t.get("name", t.get("function", {}).get("name")) == "upstream_log" for t in bodies[0]["tools"])
