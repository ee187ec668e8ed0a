"""Small hand-built bundles and test-only rules for the engine's unit tests."""

from __future__ import annotations

from collections.abc import Callable

from airflow_pipeline_debugger.domain import (
    Category,
    CodeBlock,
    Evidence,
    EvidenceBundle,
    EvidenceKind,
    FailureContext,
    LogLine,
    PipelineType,
    RuleFinding,
    Severity,
    Signal,
    TaskKey,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import Heuristic

OOM_LOG = "\n".join(
    [
        "INFO starting job",
        "INFO stage 3 running",
        "ERROR Executor 2 lost: java.lang.OutOfMemoryError: Java heap space",
        "Traceback (most recent call last):",
        "py4j.protocol.Py4JJavaError: An error occurred while calling o123.save",
    ]
)


def make_bundle(
    *,
    log: str = OOM_LOG,
    pipeline_type: PipelineType = PipelineType.SPARK,
    signals: tuple[tuple[str, int], ...] = (("spark.executor_oom", 3),),
    facts: dict[str, dict] | None = None,
    error_type: str = "",
    error_message: str = "",
    extra_evidence: tuple[Evidence, ...] = (),
) -> EvidenceBundle:
    """A bundle with one log (E1) and signals citing its lines."""
    bundle = EvidenceBundle(
        context=FailureContext(
            key=TaskKey(dag_id="sales", run_id="r1", task_id="aggregate", try_number=1),
            error_type=error_type,
            error_message=error_message,
        ),
        pipeline_type=pipeline_type,
    )
    if log:
        bundle.add_evidence(
            Evidence(
                id="", kind=EvidenceKind.LOG, name="task.log", source="test", content=log, size_bytes=len(log)
            )
        )
    for ev in extra_evidence:
        bundle.add_evidence(ev)
    lines = log.splitlines()
    for code, line_no in signals:
        text = lines[line_no - 1] if 0 < line_no <= len(lines) else code
        bundle.signals.append(
            Signal(code=code, message=f"{code} seen", evidence_id="E1", lines=(LogLine("E1", line_no, text),))
        )
    bundle.facts.update(facts or {})
    return bundle


class FixedRule(Heuristic):
    """Test rule: fires with a fixed finding when its signal is present."""

    id = "test.fixed"
    title = "Fixed"
    requires = frozenset({"spark.executor_oom"})

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        hits = bundle.signals_with("spark.executor_oom")
        return self.finding(
            title="Executor out of memory",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=75,
            summary="An executor ran out of heap.",
            signals=hits,
            immediate_fix="Raise spark.executor.memory.",
            change="spark.executor.memory=8g",
        )


def rule(
    rule_id: str,
    *,
    likelihood: int = 80,
    category: Category = Category.CODE,
    transience: Transience = Transience.PERMANENT,
    severity: Severity = Severity.SEVERE,
    supersedes: tuple[str, ...] = (),
    requires: frozenset[str] = frozenset(),
    cite: tuple[int, ...] = (3,),
    counter_evidence: str = "",
    raises: Exception | None = None,
    returns_none: bool = False,
    fix: str = "do the fix",
    symptom: bool = False,
    details: tuple[tuple[str, str], ...] = (),
    supports: tuple[str, ...] = (),
    ruled_out: tuple[tuple[str, str], ...] = (),
    measured: tuple[tuple[str, str], ...] = (),
    fix_code: tuple[CodeBlock, ...] = (),
) -> Heuristic:
    """A test-only rule producing one finding citing lines of E1."""

    def evaluate(self: Heuristic, bundle: EvidenceBundle) -> RuleFinding | None:
        if raises is not None:
            raise raises
        if returns_none:
            return None
        lines = bundle.evidence[0].content.splitlines() if bundle.evidence else []
        sig = Signal(
            code="test.sig",
            message="x",
            evidence_id="E1",
            lines=tuple(LogLine("E1", n, lines[n - 1] if n <= len(lines) else "") for n in cite),
        )
        return self.finding(
            title=f"Title of {rule_id}",
            severity=severity,
            category=category,
            transience=transience,
            likelihood=likelihood,
            summary=f"Summary of {rule_id}.",
            signals=[sig] if cite else [],
            supersedes=supersedes,
            counter_evidence=counter_evidence,
            details=details,
            immediate_fix=fix,
            change=f"change for {rule_id}",
            prevention="prevent",
            monitoring="monitor",
            ruled_out=ruled_out,
            measured=measured,
            immediate_fix_code=fix_code,
        )

    cls: type[Heuristic] = type(
        f"Rule_{rule_id.replace('.', '_')}",
        (Heuristic,),
        {
            "id": rule_id,
            "title": rule_id,
            "requires": requires,
            "evaluate": evaluate,
            "symptom": symptom,
            "supports": supports,
        },
    )
    return cls()


Factory = Callable[..., Heuristic]


def model_answer(cite: str = "E1:L3", category: str = "data") -> dict:
    """A valid structured answer citing ``cite``."""
    return {
        "hypotheses": [
            {
                "id": "H1",
                "title": "Skewed join key",
                "description": "One key holds most rows.",
                "likelihood": 70,
                "rule_id": "spark.skew",
            },
            {
                "id": "H2",
                "title": "Executor memory too small",
                "description": "Heap too small.",
                "likelihood": 20,
                "rule_id": "test.fixed",
            },
            {"id": "H3", "title": "Node lost", "description": "Infra.", "likelihood": 10},
        ],
        "evidence_analysis": [
            {
                "hypothesis_id": "H1",
                "status": "confirmed",
                "reasoning": f"{cite} shows one executor OOM.",
                "evidence": [cite],
            },
            {"hypothesis_id": "H2", "status": "dismissed", "reasoning": "Other executors were fine."},
            {"hypothesis_id": "H3", "status": "inconclusive", "reasoning": "No node events."},
        ],
        "root_cause": {
            "hypothesis_id": "H1",
            "title": "Data skew on customer_id",
            "summary": "Skew.",
            "confidence": 80,
            "justification": f"See {cite}.",
            "category": category,
            "transience": "permanent",
            "evidence": [cite],
            "dismissed": [{"hypothesis_id": "H2", "reason": "one executor only"}],
            "evidence_gaps": [],
        },
        "remediation": {
            "immediate_fix": "Salt the join key.",
            "change": "salt customer_id",
            "prevention": "AQE",
            "monitoring": "task skew",
            "diagnostic_commands": [],
        },
    }


class ScriptedLLM:
    """Unit-test LLM client: streams scripted texts (or raises scripted errors) in chunks."""

    provider = "test"
    model = "scripted-model"

    def __init__(self, *outcomes, chunk: int = 17):
        self.outcomes = list(outcomes)
        self.chunk = chunk
        self.requests = []

    def stream_tool_call(self, request, on_delta, deadline):
        from airflow_pipeline_debugger.engine.llm.base import LLMResponse, Usage

        self.requests.append(request)
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        for i in range(0, len(outcome), self.chunk):
            on_delta(outcome[i : i + self.chunk])
        return LLMResponse(text=outcome, stop_reason="tool_use", usage=Usage(100, 50), model=self.model)
