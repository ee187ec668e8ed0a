"""One investigation, end to end: evidence → rules → deterministic result → model → four steps.

Everything is written through the :class:`~airflow_pipeline_debugger.engine.sink.StepSink` in the
order it happens, and each write returns only once it is durable, so what the live stream showed is
exactly what a refresh replays. The deterministic result is always computed first (milliseconds);
the model, when configured, refines it within its budget, and any model failure falls back to the
deterministic result with the reason in the notes and a status step.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.adapters.collect import collect_evidence
from airflow_pipeline_debugger.domain import CancelToken, EvidenceBundle, InvestigationResult, Step
from airflow_pipeline_debugger.engine import steps
from airflow_pipeline_debugger.engine.deterministic import investigate
from airflow_pipeline_debugger.engine.fingerprint import CacheLookup, fingerprint, reusable_investigation
from airflow_pipeline_debugger.engine.llm.base import LLMClient
from airflow_pipeline_debugger.engine.llm.model_path import ModelBudget, ask_model
from airflow_pipeline_debugger.engine.rules import RulesOutcome, run_rules
from airflow_pipeline_debugger.engine.shared import (
    PROCESS_FINDINGS,
    Lead,
    SharedFinding,
    SharedFindings,
    sharing_keys,
)
from airflow_pipeline_debugger.engine.sink import StepSink
from airflow_pipeline_debugger.engine.topology import Topology
from airflow_pipeline_debugger.evidence.request import CollectionRequest
from airflow_pipeline_debugger.heuristics.base import Heuristic

log = logging.getLogger(__name__)

ENGINE_DETERMINISTIC = "deterministic"
ENGINE_MODEL = "model"
ENGINE_FALLBACK = "deterministic_fallback"
ENGINE_CACHE = "cache"


@dataclass(frozen=True)
class EngineOptions:
    """Knobs of one run that are not the evidence itself.

    ``shared`` is the in-process registry of model findings (see :mod:`.shared`); with
    ``cache_hours > 0`` investigations with the same fingerprint or storm key share one model call.
    ``investigation_id`` is this run's id, recorded as ``reused_from`` by those that reuse its answer.
    ``cancel`` is checked before the rules and the model, and reaches every model stage, tool call
    and stream.
    """

    budget: ModelBudget = field(default_factory=ModelBudget)
    cache_hours: float = 0.0
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    sleep: Callable[[float], None] = time.sleep
    shared: SharedFindings | None = None
    investigation_id: str = ""
    cancel: CancelToken = field(default_factory=CancelToken)

    @classmethod
    def from_conf(cls, investigation_id: str = "", cancel: CancelToken | None = None) -> EngineOptions:
        """Budget and cache window from ``[pipeline_debugger]``, sharing through the process registry.

        Retry waits end early when ``cancel`` is cancelled.
        """
        token = cancel or CancelToken()
        return cls(
            budget=ModelBudget.from_conf(),
            cache_hours=float(conf.fingerprint_cache_hours()),
            sleep=token.pause,
            shared=PROCESS_FINDINGS,
            investigation_id=investigation_id,
            cancel=token,
        )


def _rules_status(bundle: EvidenceBundle, outcome: RulesOutcome, prior: InvestigationResult) -> Step:
    fired = [f.rule_id for f in outcome.findings]
    body = [
        f"Evidence: {len(bundle.evidence)} piece(s), {len(bundle.signals)} signal(s).",
        f"Rules matched: {', '.join(fired) or 'none'}.",
        f"Deterministic conclusion: {prior.root_cause.title} "
        f"({prior.root_cause.category.value}, confidence {prior.root_cause.confidence}).",
    ]
    if outcome.errors:
        body.append("Rules that crashed: " + "; ".join(f"{e.rule_id} ({e.error})" for e in outcome.errors))
    return steps.status_step(
        "Deterministic analysis",
        "\n".join(body),
        {
            "rules_fired": fired,
            "rules_skipped": len(outcome.skipped),
            "heuristic_errors": [{"rule_id": e.rule_id, "error": e.error} for e in outcome.errors],
            "evidence": len(bundle.evidence),
            "signals": len(bundle.signals),
            "elapsed_ms": round(outcome.elapsed_ms, 2),
        },
        source=ENGINE_DETERMINISTIC,
    )


def analyse_bundle(
    bundle: EvidenceBundle, heuristics: Sequence[Heuristic]
) -> tuple[RulesOutcome, InvestigationResult]:
    """Rules and the deterministic investigator over a collected bundle (no I/O)."""
    outcome = run_rules(bundle, heuristics)
    prior = investigate(bundle, outcome)
    prior.fingerprint = fingerprint(bundle, prior)
    return outcome, prior


def investigate_bundle(
    bundle: EvidenceBundle,
    sink: StepSink,
    *,
    llm: LLMClient | None,
    topology: Topology,
    heuristics: Sequence[Heuristic],
    cache_lookup: CacheLookup | None = None,
    options: EngineOptions | None = None,
) -> InvestigationResult:
    """The engine over an already collected bundle (the evidence is assumed stored by the caller)."""
    options = options or EngineOptions()
    options.cancel.check("the rules")
    outcome, prior = analyse_bundle(bundle, heuristics)
    sink.add_step(_rules_status(bundle, outcome, prior))

    if llm is None:
        for step in steps.staged_result_steps(prior, topology, ENGINE_DETERMINISTIC):
            sink.add_step(step)
        return prior

    hit = reusable_investigation(
        prior.fingerprint, cache_lookup, window_hours=options.cache_hours, now=options.now()
    )
    if hit is not None:
        why = f"Investigation {hit.investigation_id} found the same error signature; its finding is reused."
        return _reuse(
            hit.investigation_id, hit.result, prior, sink, topology, hours=options.cache_hours, why=why
        )

    options.cancel.check("the model")
    lead: Lead | None = None
    if options.shared is not None and options.cache_hours > 0:
        got = options.shared.acquire(
            sharing_keys(bundle, prior),
            window_hours=options.cache_hours,
            now=options.now(),
            wait_seconds=options.budget.timeout_seconds,
        )
        if isinstance(got, SharedFinding):
            return _reuse_shared(got, prior, sink, topology, options.cache_hours)
        lead = got
    try:
        final = _ask(bundle, prior, sink, llm=llm, topology=topology, options=options)
    except BaseException:
        if lead is not None:
            lead.abandon()
        raise
    if lead is not None:
        if final.engine == ENGINE_MODEL:
            ctx = bundle.context
            task = f"{ctx.key.dag_id}.{ctx.key.task_id}"
            lead.publish(final, investigation_id=options.investigation_id, task=task, now=options.now())
        else:
            lead.abandon()
    return final


def _ask(
    bundle: EvidenceBundle,
    prior: InvestigationResult,
    sink: StepSink,
    *,
    llm: LLMClient,
    topology: Topology,
    options: EngineOptions,
) -> InvestigationResult:
    """One model call streamed into the sink; the deterministic result (recorded as such) on failure."""
    model_name = getattr(llm, "model", "")
    sink.add_step(
        steps.status_step(
            f"Asking {model_name or 'the model'}",
            f"Budget: {options.budget.timeout_seconds:g}s, {options.budget.max_output_tokens} output tokens "
            f"per call, {options.budget.max_tokens} tokens and {options.budget.max_tool_calls} evidence tool "
            f"calls per investigation, {options.budget.max_input_chars} prompt characters.",
            {"model": model_name, "provider": getattr(llm, "provider", "")},
        )
    )

    def on_part(part: str, piece: Any) -> None:
        sink.add_step(steps.part_step(part, piece, ENGINE_MODEL))

    result = ask_model(
        bundle,
        prior,
        topology=topology,
        client=llm,
        budget=options.budget,
        on_part=on_part,
        on_step=sink.add_step,
        sleep=options.sleep,
        cancel=options.cancel,
    )
    if result.result is not None:
        final = result.result
        final.fingerprint = prior.fingerprint
        final.usage = result.usage.to_json()
        return final

    error = result.error
    note = error.note() if error is not None else "llm_error: unknown"
    log.warning(
        "Model path failed for %s.%s run %s: %s; using the deterministic result",
        bundle.context.key.dag_id,
        bundle.context.key.task_id,
        bundle.context.key.run_id,
        note,
    )
    prior.engine = ENGINE_FALLBACK
    prior.model = model_name
    prior.notes.append(note)
    prior.usage = result.usage.to_json()
    abandoned = f" after streaming {', '.join(result.emitted)}" if result.emitted else ""
    sink.add_step(
        steps.status_step(
            "Model answer not used",
            f"The model path failed{abandoned} ({note}). "
            "The deterministic investigation below is the result.",
            {"error": error.kind.value if error else "unknown", "emitted": list(result.emitted)},
            source=ENGINE_FALLBACK,
        )
    )
    for step in steps.staged_result_steps(prior, topology, ENGINE_FALLBACK):
        sink.add_step(step)
    return prior


def _reuse_shared(
    shared: SharedFinding, prior: InvestigationResult, sink: StepSink, topology: Topology, hours: float
) -> InvestigationResult:
    """Reuse the answer another investigation in this process got (same task, or same storm cause)."""
    if shared.key.startswith("storm:"):
        why = (
            f"{shared.task} failed the same way moments ago ({prior.root_cause.rule_id}, same error and "
            "upstream); its model finding is reused for this storm."
        )
    else:
        why = f"{shared.task} failed with the same error signature moments ago; its model finding is reused."
    return _reuse(
        shared.investigation_id, shared.result, prior, sink, topology, hours=hours, why=why, scope=shared.key
    )


def _reuse(
    investigation_id: str,
    cached: InvestigationResult,
    prior: InvestigationResult,
    sink: StepSink,
    topology: Topology,
    *,
    hours: float,
    why: str,
    scope: str = "",
) -> InvestigationResult:
    reused = InvestigationResult.from_json(cached.to_json())
    reused.engine = ENGINE_CACHE
    reused.reused_from = investigation_id
    reused.fingerprint = prior.fingerprint
    reused.signals = list(prior.signals)
    reused.usage = {}
    source = f"investigation {investigation_id}" if investigation_id else "a concurrent investigation"
    same = "upstream cause" if scope.startswith("storm:") else "error signature"
    reused.notes = [
        *prior.notes,
        f"reused the finding of {source} (same {same} within {hours:g}h; no model call)",
    ]
    sink.add_step(
        steps.status_step(
            "Same failure seen recently",
            why,
            {"reused_from": investigation_id, "fingerprint": prior.fingerprint, "shared_key": scope},
            source=ENGINE_CACHE,
        )
    )
    for step in steps.staged_result_steps(reused, topology, ENGINE_CACHE):
        sink.add_step(step)
    return reused


def run_investigation(
    request: CollectionRequest,
    sink: StepSink,
    *,
    llm: LLMClient | None,
    topology: Topology,
    heuristics: Sequence[Heuristic],
    cache_lookup: CacheLookup | None = None,
    options: EngineOptions | None = None,
) -> InvestigationResult:
    """Collect the evidence of one failed task, store it, and investigate it.

    :param request: what to look at (context, logs, artifact paths, the allow-listed file reader).
    :param sink: where evidence and steps go; each call returns once the write is durable.
    :param llm: the model client, or ``None`` for the deterministic investigation.
    :param topology: stages, prompts, categories.
    :param heuristics: the rules (``engine.rules.load_heuristics()``), built once at start-up.
    :param cache_lookup: the repository's recent-fingerprint query; ``None`` disables reuse.
    """
    bundle = collect_evidence(request)
    for evidence in bundle.evidence:
        sink.add_evidence(evidence)
    return investigate_bundle(
        bundle,
        sink,
        llm=llm,
        topology=topology,
        heuristics=heuristics,
        cache_lookup=cache_lookup,
        options=options,
    )
