"""Turn each part of an investigation into the step that is persisted and streamed.

Pure functions: the same part (hypotheses, evidence analysis, root cause, remediation) renders to
the same step whether it came from the rules, the model or the fingerprint cache, so the UI and the
stored history look alike whatever produced them. Bodies are Markdown built from plain text; the UI
escapes them like any other model output.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from airflow_pipeline_debugger.domain import (
    Hypothesis,
    HypothesisStatus,
    InvestigationResult,
    JSONDict,
    Remediation,
    RootCause,
    Step,
    StepKind,
)
from airflow_pipeline_debugger.engine.report import block
from airflow_pipeline_debugger.engine.tools import MAX_RESULT_CHARS, ToolOutcome
from airflow_pipeline_debugger.engine.topology import Route, Topology
from airflow_pipeline_debugger.tolerant import clip

#: Characters of a tool result kept in its step: all of it (a result is bounded already), so the step
#: shows exactly what the model read.
STEP_RESULT_CHARS = MAX_RESULT_CHARS
PART_ORDER = ("hypotheses", "evidence_analysis", "root_cause", "remediation")

_MARK = {
    HypothesisStatus.CONFIRMED: "confirmed",
    HypothesisStatus.DISMISSED: "dismissed",
    HypothesisStatus.INCONCLUSIVE: "inconclusive",
}


def hypotheses_step(hypotheses: Sequence[Hypothesis], source: str) -> Step:
    """Step 1: the candidates and their prior likelihoods (no verdicts yet)."""
    lines = [
        f"{i}. **{h.title}** ({h.likelihood}%){f' - {h.description}' if h.description else ''}"
        for i, h in enumerate(hypotheses, 1)
    ]
    data = [
        {"title": h.title, "description": h.description, "likelihood": h.likelihood, "rule_id": h.rule_id}
        for h in hypotheses
    ]
    return Step(
        StepKind.HYPOTHESIS, f"{len(hypotheses)} hypotheses", "\n".join(lines), {"hypotheses": data}, source
    )


def evidence_step(hypotheses: Sequence[Hypothesis], source: str) -> Step:
    """Step 2: each hypothesis confirmed, dismissed or inconclusive, with its citations."""
    lines: list[str] = []
    for h in hypotheses:
        cites = f" [{', '.join(h.evidence)}]" if h.evidence else ""
        lines.append(f"- **{h.title}**: {_MARK[h.status]}{cites}. {h.reasoning}".rstrip())
    counts = {s: sum(1 for h in hypotheses if h.status is s) for s in HypothesisStatus}
    title = "Evidence analysis: " + ", ".join(f"{counts[s]} {_MARK[s]}" for s in HypothesisStatus)
    return Step(
        StepKind.EVIDENCE,
        title,
        "\n".join(lines),
        {"hypotheses": [h.to_json() for h in hypotheses]},
        source,
    )


def root_cause_step(rc: RootCause, source: str) -> Step:
    """Step 3: the conclusion with confidence, category, transience, evidence, dismissals and gaps."""
    body = [
        rc.summary,
        "",
        f"Category: {rc.category.value}. Transience: {rc.transience.value}. Confidence: {rc.confidence}/100.",
        f"Evidence: {', '.join(rc.evidence) or 'none'}",
    ]
    if rc.justification:
        body += ["", rc.justification]
    if rc.dismissed:
        body += ["", "Dismissed:", *(f"- {d.get('title', '')}: {d.get('reason', '')}" for d in rc.dismissed)]
    if rc.evidence_gaps:
        body += ["", "Evidence gaps:", *(f"- {g}" for g in rc.evidence_gaps)]
    data = dataclasses.asdict(rc)
    data["category"] = rc.category.value
    data["transience"] = rc.transience.value
    return Step(StepKind.ROOT_CAUSE, f"Root cause: {rc.title}", "\n".join(body).strip(), data, source)


def remediation_step(rem: Remediation, source: str) -> Step:
    """Step 4: what to do now, what to change, how to prevent and watch, what to run."""
    body: list[str] = []
    for label, value in (
        ("Immediate fix", rem.immediate_fix),
        ("Change", rem.change),
        ("Prevention", rem.prevention),
        ("Monitoring", rem.monitoring),
    ):
        if value:
            body.append(f"**{label}:** {value}")
    if rem.diagnostic_commands:
        body += ["**Diagnostic commands:**", *(f"- `{c}`" for c in rem.diagnostic_commands)]
    return Step(StepKind.REMEDIATION, "Remediation", "\n".join(body), dataclasses.asdict(rem), source)


def part_step(part: str, piece: object, source: str) -> Step:
    """The step of one streamed answer part (see ``engine.schema.PART_NAMES``)."""
    if part == "hypotheses" and isinstance(piece, list):
        return hypotheses_step(piece, source)
    if part == "evidence_analysis" and isinstance(piece, list):
        return evidence_step(piece, source)
    if part == "root_cause" and isinstance(piece, RootCause):
        return root_cause_step(piece, source)
    if part == "remediation" and isinstance(piece, Remediation):
        return remediation_step(piece, source)
    raise ValueError(f"no step for part {part!r} of type {type(piece).__name__}")


def result_steps(result: InvestigationResult, source: str) -> list[Step]:
    """The four steps of a finished result, in order."""
    return [
        hypotheses_step(result.hypotheses, source),
        evidence_step(result.hypotheses, source),
        root_cause_step(result.root_cause, source),
        remediation_step(result.remediation, source),
    ]


def stage_step(
    stage: str,
    readable: Iterable[str],
    klass: str | None,
    source: str,
    *,
    model: str = "",
    escalation: Route | None = None,
) -> Step:
    """A stage begins: what it may read, the class that chose it, and (recommend) who to escalate to."""
    roots = sorted(set(readable) - {"errors"})
    by = f" by {model}" if model else ""
    body = f"Reads: {', '.join(roots) or 'nothing'}." + (f" Chosen for class **{klass}**." if klass else "")
    data: JSONDict = {"stage": stage, "readable": roots, "class": klass or ""}
    if escalation is not None:
        people = ", ".join(escalation.escalation) or "no one named"
        body += f" Escalation: {people}" + (f" in {escalation.channel}." if escalation.channel else ".")
        data["escalation"] = list(escalation.escalation)
        data["channel"] = escalation.channel
    return Step(StepKind.STATUS, f"Stage {stage}{by}", body, data, source)


def tool_step(stage: str, tool: str, args: Mapping[str, Any], outcome: ToolOutcome, source: str) -> Step:
    """One evidence tool call: the call, a one-line outcome, and the result as a code block.

    A refusal is recorded like any other result. The result's data fences (their token is the
    prompt's secret boundary) are left out: the step shows what the model read, not how it was wrapped.
    """
    shown = {eid: sorted(lines) for eid, lines in outcome.seen.items() if lines}
    verb = "refused" if outcome.refused else ("failed" if outcome.is_error else "read")
    call = clip(f"{tool}({', '.join(f'{k}={v!r}' for k, v in args.items())})", 160)
    text = "\n".join(
        line for line in outcome.content.splitlines() if not line.startswith(("<<<EVIDENCE ", "<<<END "))
    )
    if outcome.is_error:
        first = text.splitlines()[0] if text else ""
        summary = clip(first.split(": ", 1)[-1] if first.startswith(("refused: ", "error: ")) else first, 300)
    elif shown:
        summary = "; ".join(
            f"{eid} L{lines[0]}-L{lines[-1]} ({len(lines)} line{'s' * (len(lines) != 1)})"
            for eid, lines in shown.items()
        )
    else:
        summary = f"{len(text):,} characters of data"
    return Step(
        StepKind.STATUS,
        f"Stage {stage}: {call} {verb}",
        block(clip(text, STEP_RESULT_CHARS)) if text else "",
        {
            "stage": stage,
            "tool": tool,
            "input": dict(args),
            "call": call,
            "outcome": verb,
            "summary": summary,
            "refused": outcome.refused,
            "error": outcome.is_error,
            "lines": {eid: [lines[0], lines[-1], len(lines)] for eid, lines in shown.items()},
        },
        source,
    )


def staged_result_steps(result: InvestigationResult, topology: Topology, source: str) -> list[Step]:
    """A finished result as the topology's stages: each stage's marker, then the parts it produces.

    This is how the deterministic engine (and a fallback) records the same method as the model:
    the class is the result's category, which picks the branches.
    """
    parts = dict(zip(PART_ORDER, result_steps(result, source), strict=True))
    klass = result.root_cause.category.value
    plan = topology.plan(klass) if topology.calls == "per_stage" else topology.stages
    out: list[Step] = []
    for stage in plan:
        chosen = klass if stage.when else None
        route = topology.route_for(klass) if "remediation" in stage.produces else None
        out.append(stage_step(stage.name, stage.readable, chosen, source, escalation=route))
        out += [parts.pop(p) for p in PART_ORDER if p in stage.produces and p in parts]
    out += [parts[p] for p in PART_ORDER if p in parts]
    return out


def status_step(title: str, body: str = "", data: JSONDict | None = None, source: str = "engine") -> Step:
    """A progress note (evidence collected, rules run, model fallback, cache hit)."""
    return Step(StepKind.STATUS, title, body, data or {}, source)
