"""Ask the model, stream its answer into steps, and fall back to the rules on any failure.

One call per investigation by default: the topology's stages compose one prompt and the answer is
one forced tool call whose four parts stream in method order. Each part is validated, checked
against the bundle and handed to ``on_part`` the moment it is complete, so the caller can persist
and publish it while the model is still writing the next part. Any failure (time budget, 429/5xx
after retries, malformed JSON, schema violation, refusal, truncation) ends the model path with an
:class:`~airflow_pipeline_debugger.engine.llm.base.LLMError` in the outcome and no result: the
caller keeps the deterministic result.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.domain import EvidenceBundle, InvestigationResult
from airflow_pipeline_debugger.engine.llm.base import (
    Deadline,
    LLMClient,
    LLMError,
    LLMFailure,
    LLMRequest,
    Usage,
    call_with_retries,
)
from airflow_pipeline_debugger.engine.llm.prompt import TOOL_DESCRIPTION, TOOL_NAME, Prompt, build_prompt
from airflow_pipeline_debugger.engine.llm.stream import MemberSplitter
from airflow_pipeline_debugger.engine.schema import (
    PART_NAMES,
    AnswerAssembler,
    AnswerError,
    CitationChecker,
    answer_json_schema,
)
from airflow_pipeline_debugger.engine.topology import Stage, Topology

#: Receives each completed part of the answer as its domain piece (``list[Hypothesis]``, ``RootCause`` …).
PartCallback = Callable[[str, Any], None]


@dataclass(frozen=True)
class ModelBudget:
    """The limits of one investigation's model use (``[pipeline_debugger] llm_*``)."""

    timeout_seconds: float = 90.0
    max_output_tokens: int = 4096
    max_input_chars: int = 120_000
    max_retries: int = 2
    backoff_base: float = 1.0

    @classmethod
    def from_conf(cls) -> ModelBudget:
        """Read the budget from the provider configuration."""
        return cls(
            timeout_seconds=float(conf.llm_timeout_seconds()),
            max_output_tokens=int(conf.llm_max_output_tokens()),
            max_input_chars=int(conf.llm_max_input_chars()),
            max_retries=int(conf.llm_max_retries()),
        )


@dataclass
class ModelOutcome:
    """What the model path produced: a result, or the error that ended it (and what was emitted)."""

    result: InvestigationResult | None = None
    error: LLMError | None = None
    usage: Usage = field(default_factory=Usage)
    emitted: list[str] = field(default_factory=list)
    prompt_chars: int = 0
    calls: int = 0


def _schema_error(exc: Exception) -> LLMError:
    if isinstance(exc, ValidationError):
        errors = exc.errors()
        where = ".".join(str(p) for p in errors[0]["loc"]) if errors else "?"
        message = errors[0]["msg"] if errors else str(exc)
        return LLMError(
            LLMFailure.SCHEMA, f"{exc.error_count()} schema error(s), first at {where}: {message}"
        )
    return LLMError(LLMFailure.SCHEMA, str(exc))


class _Call:
    """The streaming state of one model call; reset before a retry."""

    def __init__(self, assembler: AnswerAssembler, on_part: PartCallback, outcome: ModelOutcome) -> None:
        self.assembler = assembler
        self.on_part = on_part
        self.outcome = outcome
        self.raw: dict[str, Any] = {}
        self.splitter = MemberSplitter()

    def reset(self) -> None:
        self.raw = {}
        self.splitter = MemberSplitter()

    def on_delta(self, chunk: str) -> None:
        try:
            for key, value in self.splitter.feed(chunk):
                self.raw[key] = value
                for part, piece in self.assembler.add(key, value):
                    self.on_part(part, piece)
                    self.outcome.emitted.append(part)
        except (ValidationError, AnswerError) as exc:
            raise _schema_error(exc) from exc


@dataclass
class _Session:
    """What every call of one investigation shares: client, budget, deadline, the assembled answer."""

    client: LLMClient
    budget: ModelBudget
    deadline: Deadline
    assembler: AnswerAssembler
    categories: list[str]
    on_part: PartCallback
    outcome: ModelOutcome
    sleep: Callable[[float], None]

    def call(self, prompt: Prompt, parts: tuple[str, ...]) -> dict[str, Any]:
        """One structured call (with retries) returning the raw parts it delivered."""
        outcome = self.outcome
        request = LLMRequest(
            system=prompt.system,
            user=prompt.user,
            tool_name=TOOL_NAME,
            tool_description=TOOL_DESCRIPTION,
            input_schema=answer_json_schema(self.categories, parts=None if parts == PART_NAMES else parts),
            max_output_tokens=self.budget.max_output_tokens,
        )
        stream = _Call(self.assembler, self.on_part, outcome)
        emitted_before = len(outcome.emitted)
        outcome.prompt_chars += prompt.chars
        outcome.calls += 1
        response = call_with_retries(
            self.client,
            request,
            stream.on_delta,
            self.deadline,
            max_retries=self.budget.max_retries,
            backoff_base=self.budget.backoff_base,
            sleep=self.sleep,
            may_retry=lambda: len(outcome.emitted) == emitted_before,
            on_retry=stream.reset,
        )
        outcome.usage.input_tokens += response.usage.input_tokens
        outcome.usage.output_tokens += response.usage.output_tokens
        outcome.usage.attempts += response.usage.attempts
        if response.model:
            self.assembler.model = response.model
        stream.splitter.finish()
        missing = [p for p in parts if p not in stream.raw]
        if missing:
            raise LLMError(LLMFailure.SCHEMA, f"the answer is missing {', '.join(missing)}")
        return stream.raw


def ask_model(
    bundle: EvidenceBundle,
    prior: InvestigationResult,
    *,
    topology: Topology,
    client: LLMClient,
    budget: ModelBudget,
    on_part: PartCallback,
    sleep: Callable[[float], None] = time.sleep,
) -> ModelOutcome:
    """Run the model path (one call, or one per stage when the topology says so)."""
    outcome = ModelOutcome()
    categories = topology.category_names()
    # Lines shown in any call are citable (each call shows its stage's readable evidence).
    shown: dict[str, set[int]] = {}
    session = _Session(
        client=client,
        budget=budget,
        deadline=Deadline.after(budget.timeout_seconds),
        assembler=AnswerAssembler(bundle, categories=categories, model=client.model),
        categories=categories,
        on_part=on_part,
        outcome=outcome,
        sleep=sleep,
    )
    earlier: dict[str, Any] = {}
    started = time.monotonic()
    try:
        for stages, parts in _call_groups(topology):
            prompt = build_prompt(
                bundle,
                prior,
                topology,
                max_chars=budget.max_input_chars,
                stages=stages,
                earlier_answers=earlier or None,
            )
            for eid, lines in prompt.shown_lines.items():
                shown.setdefault(eid, set()).update(lines)
            session.assembler.checker = CitationChecker(bundle, shown)
            earlier.update(session.call(prompt, parts))
        outcome.result = session.assembler.result()
    except LLMError as exc:
        outcome.error = exc
    except (ValidationError, AnswerError) as exc:
        outcome.error = _schema_error(exc)
    outcome.usage.latency_ms = int((time.monotonic() - started) * 1000)
    if outcome.result is not None:
        outcome.result.notes = [*prior.notes, *outcome.result.notes]
    return outcome


def _call_groups(topology: Topology) -> list[tuple[Sequence[Stage], tuple[str, ...]]]:
    """Which stages each call composes and which answer parts it must return."""
    if topology.calls != "per_stage":
        return [(topology.stages, PART_NAMES)]
    groups: list[tuple[Sequence[Stage], tuple[str, ...]]] = []
    waiting: list[Stage] = []
    for stage in topology.stages:
        waiting.append(stage)
        if stage.produces:
            groups.append((tuple(waiting), stage.produces))
            waiting = []
    return groups


def build_request_preview(
    bundle: EvidenceBundle, prior: InvestigationResult, topology: Topology, budget: ModelBudget
) -> str:
    """Exactly what the (first) call would send, for ``--show-prompt``."""
    stages, parts = _call_groups(topology)[0]
    prompt = build_prompt(bundle, prior, topology, max_chars=budget.max_input_chars, stages=stages)
    schema = answer_json_schema(topology.category_names(), parts=None if parts == PART_NAMES else parts)
    return prompt.render(schema)
