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

import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.domain import CancelToken, EvidenceBundle, InvestigationResult, Step
from airflow_pipeline_debugger.engine import steps
from airflow_pipeline_debugger.engine.llm.base import (
    ConversationRequest,
    Deadline,
    Exchange,
    LLMClient,
    LLMError,
    LLMFailure,
    LLMRequest,
    ToolCall,
    ToolResult,
    ToolSpec,
    Usage,
    call_with_retries,
    with_retries,
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
from airflow_pipeline_debugger.engine.tools import EvidenceTools
from airflow_pipeline_debugger.engine.topology import CLASS_PART, Stage, Topology, evidence_root

#: Receives each completed part of the answer as its domain piece (``list[Hypothesis]``, ``RootCause`` …).
PartCallback = Callable[[str, Any], None]
#: Receives each stage and tool step as it happens (the caller persists it, then it is streamed).
StepCallback = Callable[[Step], None]
#: The ``source`` of the steps the model path records.
ENGINE_MODEL_SOURCE = "model"


@dataclass(frozen=True)
class ModelBudget:
    """The limits of one investigation's model use (``[pipeline_debugger] llm_*``), over all its calls."""

    timeout_seconds: float = 90.0
    max_output_tokens: int = 4096
    max_input_chars: int = 120_000
    max_retries: int = 2
    backoff_base: float = 1.0
    first_prompt_chars: int = 60_000
    max_tool_calls: int = 12
    max_tokens: int = 400_000
    max_cost_usd: float = 0.0
    #: model → (input, output) USD per million tokens.
    prices: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def from_conf(cls) -> ModelBudget:
        """Read the budget from the provider configuration."""
        return cls(
            timeout_seconds=float(conf.llm_timeout_seconds()),
            max_output_tokens=int(conf.llm_max_output_tokens()),
            max_input_chars=int(conf.llm_max_input_chars()),
            max_retries=int(conf.llm_max_retries()),
            first_prompt_chars=int(conf.llm_first_prompt_chars()),
            max_tool_calls=int(conf.llm_max_tool_calls()),
            max_tokens=int(conf.llm_max_tokens()),
            max_cost_usd=float(conf.llm_max_cost_usd()),
            prices=conf.parse_prices("llm_prices", conf.llm_prices()),
        )

    def cost_usd(self, model: str, input_tokens: int, output_tokens: int) -> float | None:
        """What the tokens cost at the configured price of ``model``; ``None`` when it has no price."""
        price = self.prices.get(model)
        if price is None:
            return None
        return round((input_tokens * price[0] + output_tokens * price[1]) / 1_000_000, 6)


@dataclass
class ModelOutcome:
    """What the model path produced: a result, or the error that ended it (and what was emitted)."""

    result: InvestigationResult | None = None
    error: LLMError | None = None
    usage: Usage = field(default_factory=Usage)
    emitted: list[str] = field(default_factory=list)
    prompt_chars: int = 0
    calls: int = 0
    #: The class the classifying stage chose (``None`` when no stage produces one).
    klass: str | None = None


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

    def __init__(
        self, assembler: AnswerAssembler, on_part: PartCallback, outcome: ModelOutcome, categories: list[str]
    ) -> None:
        self.assembler = assembler
        self.on_part = on_part
        self.outcome = outcome
        self.categories = categories
        self.raw: dict[str, Any] = {}
        self.splitter = MemberSplitter()

    def reset(self) -> None:
        self.raw = {}
        self.splitter = MemberSplitter()

    def on_delta(self, chunk: str) -> None:
        try:
            for key, value in self.splitter.feed(chunk):
                self.raw[key] = value
                if key == CLASS_PART:
                    if value not in self.categories:
                        raise AnswerError(f"class {value!r} is not one of {self.categories}")
                    self.outcome.klass = value
                    continue
                for part, piece in self.assembler.add(key, value):
                    self.on_part(part, piece)
                    self.outcome.emitted.append(part)
        except (ValidationError, AnswerError) as exc:
            raise _schema_error(exc) from exc


def _answer_schema(categories: list[str], parts: tuple[str, ...]) -> dict[str, Any]:
    """The answer tool's input schema for the parts one call must return (the class included)."""
    answer_parts = tuple(p for p in parts if p != CLASS_PART)
    schema = answer_json_schema(categories, parts=None if answer_parts == PART_NAMES else answer_parts)
    if CLASS_PART in parts:
        schema["properties"] = {
            CLASS_PART: {
                "type": "string",
                "enum": categories,
                "description": "The category this failure most likely belongs to; it chooses the next stage.",
            },
            **schema["properties"],
        }
        schema["required"] = [CLASS_PART, *schema.get("required", [])]
    return schema


@dataclass
class _Session:
    """What every call of one investigation shares: client, budget, deadline, the assembled answer."""

    client: LLMClient
    budget: ModelBudget
    deadline: Deadline
    assembler: AnswerAssembler
    categories: list[str]
    on_part: PartCallback
    on_step: StepCallback
    outcome: ModelOutcome
    sleep: Callable[[float], None]

    def _spend(self, usage: Usage, model: str) -> None:
        """Add one response's usage to the investigation's and stop when a budget is spent."""
        total = self.outcome.usage
        total.input_tokens += usage.input_tokens
        total.output_tokens += usage.output_tokens
        total.attempts += usage.attempts
        cost = self.budget.cost_usd(model or self.client.model, usage.input_tokens, usage.output_tokens)
        if cost is not None:
            total.cost_usd = round((total.cost_usd or 0.0) + cost, 6)

    def _check_budget(self) -> None:
        total = self.outcome.usage
        tokens = total.input_tokens + total.output_tokens
        if tokens > self.budget.max_tokens:
            raise LLMError(LLMFailure.BUDGET, f"{tokens} tokens used, budget {self.budget.max_tokens}")
        if self.budget.max_cost_usd > 0 and (total.cost_usd or 0.0) > self.budget.max_cost_usd:
            raise LLMError(
                LLMFailure.BUDGET, f"${total.cost_usd:.4f} spent, budget ${self.budget.max_cost_usd:.4f}"
            )

    def call(self, prompt: Prompt, parts: tuple[str, ...]) -> dict[str, Any]:
        """One structured call (with retries) returning the raw parts it delivered."""
        outcome = self.outcome
        request = LLMRequest(
            system=prompt.system,
            user=prompt.user,
            tool_name=TOOL_NAME,
            tool_description=TOOL_DESCRIPTION,
            input_schema=_answer_schema(self.categories, parts),
            max_output_tokens=self.budget.max_output_tokens,
        )
        stream = _Call(self.assembler, self.on_part, outcome, self.categories)
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
        self._spend(response.usage, response.model)
        if response.model:
            self.assembler.model = response.model
        return self._finish(stream, parts)

    def _finish(self, stream: _Call, parts: tuple[str, ...]) -> dict[str, Any]:
        stream.splitter.finish()
        missing = [p for p in parts if p not in stream.raw]
        if missing:
            raise LLMError(LLMFailure.SCHEMA, f"the answer is missing {', '.join(missing)}")
        return stream.raw

    def converse(
        self,
        prompt: Prompt,
        parts: tuple[str, ...],
        tools: EvidenceTools,
        checker: CitationChecker,
        tool_limit: int | None,
    ) -> dict[str, Any]:
        """A tool-using conversation until the model calls the answer tool, within the budgets.

        ``tool_limit`` is the stage's own share of tool calls; the investigation's limit applies too.
        """
        outcome = self.outcome
        answer = ToolSpec(TOOL_NAME, TOOL_DESCRIPTION, _answer_schema(self.categories, parts))
        reads = self.budget.max_tool_calls > 0 and tool_limit != 0
        specs = (*tools.specs(), answer) if reads else (answer,)
        exchanges: list[Exchange] = []
        outcome.prompt_chars += prompt.chars
        stage_calls = 0
        while True:
            request = ConversationRequest(
                system=prompt.system,
                user=prompt.user,
                exchanges=tuple(exchanges),
                tools=specs,
                answer_tool=TOOL_NAME,
                max_output_tokens=self.budget.max_output_tokens,
            )
            stream = _Call(self.assembler, self.on_part, outcome, self.categories)
            emitted_before = len(outcome.emitted)
            outcome.calls += 1
            turn, attempts = with_retries(
                lambda: self.client.converse(request, stream.on_delta, self.deadline),  # noqa: B023
                self.deadline,
                max_retries=self.budget.max_retries,
                backoff_base=self.budget.backoff_base,
                sleep=self.sleep,
                may_retry=lambda: len(outcome.emitted) == emitted_before,  # noqa: B023
                on_retry=stream.reset,
            )
            turn.usage.attempts = attempts
            self._spend(turn.usage, turn.model)
            if turn.model:
                self.assembler.model = turn.model
            if any(c.name == TOOL_NAME for c in turn.calls):
                return self._finish(stream, parts)
            if not turn.calls:
                raise LLMError(LLMFailure.REFUSAL, f"the model answered without the {TOOL_NAME} tool")
            self._check_budget()
            results = []
            for call in turn.calls:
                if tool_limit is not None and stage_calls >= tool_limit:
                    raise LLMError(
                        LLMFailure.BUDGET, f"stage {tools.stage} wanted more than its {tool_limit} tool calls"
                    )
                stage_calls += 1
                results.append(self._run_tool(call, tools, checker))
            exchanges.append(Exchange(tuple(turn.calls), tuple(results), turn.text))

    def _run_tool(self, call: ToolCall, tools: EvidenceTools, checker: CitationChecker) -> ToolResult:
        usage = self.outcome.usage
        if usage.tool_calls >= self.budget.max_tool_calls:
            raise LLMError(
                LLMFailure.BUDGET,
                f"the model wanted more than {self.budget.max_tool_calls} evidence tool calls",
            )
        self.deadline.check(f"the tool call {call.name} of stage {tools.stage}")
        usage.tool_calls += 1
        result = tools.call(call.name, call.input)
        for eid, lines in result.seen.items():
            checker.see(eid, lines)
        self.on_step(steps.tool_step(tools.stage, call.name, call.input, result, ENGINE_MODEL_SOURCE))
        return ToolResult(call.id, result.content, result.is_error)


def ask_model(
    bundle: EvidenceBundle,
    prior: InvestigationResult,
    *,
    topology: Topology,
    client: LLMClient,
    budget: ModelBudget,
    on_part: PartCallback,
    on_step: StepCallback = lambda step: None,
    sleep: Callable[[float], None] = time.sleep,
    cancel: CancelToken | None = None,
) -> ModelOutcome:
    """Run the model path: the topology's stages as calls, each reading evidence through tools.

    With ``calls = "per_stage"`` each stage is its own conversation, sees the earlier stages'
    answers, and reads only its readable roots; the classifier's class picks the branches that
    follow. Lines shown in a stage's prompt or read through its tools become citable for the stages
    that may read that evidence. A client without tool calling (JSON-schema mode) gets each call's
    prompt in one forced answer, without tools. A cancelled ``cancel`` ends the path at the next
    stage or tool call, or at once inside a model stream (``InvestigationCancelledError``).
    """
    outcome = ModelOutcome()
    categories = topology.category_names()
    use_tools = bool(getattr(client, "supports_tools", False))
    shown: dict[str, set[int]] = {}
    session = _Session(
        client=client,
        budget=budget,
        deadline=Deadline.after(budget.timeout_seconds, cancel),
        assembler=AnswerAssembler(bundle, categories=categories, model=client.model),
        categories=categories,
        on_part=on_part,
        on_step=on_step,
        outcome=outcome,
        sleep=sleep,
    )
    earlier: dict[str, Any] = {}
    started = time.monotonic()
    try:
        for stages, parts in _stage_groups(topology, outcome):
            name = "+".join(s.name for s in stages)
            session.deadline.check(f"the model stage {name}")
            readable = frozenset().union(*(s.readable for s in stages)) | {"errors"}
            category = (earlier.get("root_cause") or {}).get("category") or outcome.klass
            route = topology.route_for(category) if category and "remediation" in parts else None
            chosen = outcome.klass if any(s.when for s in stages) else None
            on_step(
                steps.stage_step(
                    name, readable, chosen, ENGINE_MODEL_SOURCE, model=client.model, escalation=route
                )
            )
            prompt = build_prompt(
                bundle,
                prior,
                topology,
                max_chars=min(budget.max_input_chars, budget.first_prompt_chars)
                if use_tools
                else budget.max_input_chars,
                stages=stages,
                earlier_answers=earlier or None,
                tools=use_tools,
            )
            for eid, lines in prompt.shown_lines.items():
                shown.setdefault(eid, set()).update(lines)
            allowed = {e.id for e in bundle.evidence if evidence_root(e.kind) in readable}
            checker = CitationChecker(
                bundle, {k: v for k, v in shown.items() if k in allowed}, readable_ids=allowed
            )
            session.assembler.checker = checker
            if use_tools:
                tools = EvidenceTools(bundle, stage=name, readable=readable, boundary=prompt.boundary)
                limits = [s.max_tool_calls for s in stages if s.max_tool_calls is not None]
                raw = session.converse(prompt, parts, tools, checker, min(limits) if limits else None)
                for eid in allowed:
                    if seen := checker.seen_lines(eid):
                        shown.setdefault(eid, set()).update(seen)
            else:
                raw = session.call(prompt, parts)
            earlier.update({k: v for k, v in raw.items() if k != CLASS_PART})
        outcome.result = session.assembler.result()
    except LLMError as exc:
        outcome.error = exc
    except (ValidationError, AnswerError) as exc:
        outcome.error = _schema_error(exc)
    outcome.usage.latency_ms = int((time.monotonic() - started) * 1000)
    if outcome.result is not None:
        outcome.result.notes = [*prior.notes, *outcome.result.notes]
    return outcome


def _stage_groups(
    topology: Topology, outcome: ModelOutcome
) -> Iterator[tuple[tuple[Stage, ...], tuple[str, ...]]]:
    """Which stages each call composes and which parts it returns; branches follow ``outcome.klass``.

    The plan is re-read after every call, so the class the classifier just gave picks the stages
    that come after it.
    """
    if topology.calls != "per_stage":
        yield topology.stages, PART_NAMES
        return
    done: set[str] = set()
    while True:
        waiting: list[Stage] = []
        group: tuple[tuple[Stage, ...], tuple[str, ...]] | None = None
        for stage in topology.plan(outcome.klass):
            if stage.name in done:
                continue
            waiting.append(stage)
            if stage.produces:
                group = (tuple(waiting), stage.produces)
                break
        if group is None:
            return
        done.update(s.name for s in group[0])
        yield group


def build_request_preview(
    bundle: EvidenceBundle,
    prior: InvestigationResult,
    topology: Topology,
    budget: ModelBudget,
    *,
    tools: bool = True,
) -> str:
    """Every stage's first prompt and the tools it is offered, for ``--show-prompt``.

    The branch shown after a classifier is the one the deterministic class would pick.
    """
    outcome = ModelOutcome(klass=prior.root_cause.category.value)
    categories = topology.category_names()
    out: list[str] = []
    for stages, parts in _preview_groups(topology, outcome):
        name = "+".join(s.name for s in stages)
        readable = frozenset().union(*(s.readable for s in stages)) | {"errors"}
        prompt = build_prompt(
            bundle,
            prior,
            topology,
            max_chars=min(budget.max_input_chars, budget.first_prompt_chars)
            if tools
            else budget.max_input_chars,
            stages=stages,
            tools=tools,
        )
        offered = EvidenceTools(bundle, stage=name, readable=readable, boundary=prompt.boundary).specs()
        later = bool(out)
        out.append(f"##### STAGE {name} (reads {', '.join(sorted(readable - {'errors'}))}) #####")
        out.append(f"=== FIRST PROMPT: {prompt.chars} characters ===")
        if later:
            out.append("(this stage also receives the earlier stages' answers, known only at run time)")
        out.append(prompt.render(_answer_schema(categories, parts), forced=not tools))
        if tools and budget.max_tool_calls > 0:
            out.append("=== EVIDENCE TOOLS OFFERED ===")
            out += [f"- {t.name}: {t.description}\n  input: {json.dumps(t.input_schema)}" for t in offered]
        out.append("")
    return "\n".join(out)


def _preview_groups(
    topology: Topology, outcome: ModelOutcome
) -> Iterator[tuple[tuple[Stage, ...], tuple[str, ...]]]:
    """The groups of a branching topology, taking the branch of the class already in ``outcome``."""
    klass = outcome.klass
    outcome.klass = None
    for group in _stage_groups(topology, outcome):
        yield group
        if CLASS_PART in group[1]:
            outcome.klass = klass
