"""Plain data the whole provider speaks: failure context, evidence, signals and the investigation.

Nothing here imports Airflow, SQLAlchemy or a model SDK, so adapters, heuristics and the engine are
pure functions over these types and the offline CLI runs without an Airflow installation.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any

JSONDict = dict[str, Any]


@dataclass(frozen=True)
class TaskKey:
    """The identity of one try; exactly one investigation exists per key.

    Every field has a default for the analyses that know only part of it (an offline ``analyze`` of a
    log knows no run); a key read from Airflow always has all five.
    """

    dag_id: str = ""
    run_id: str = ""
    task_id: str = ""
    map_index: int = -1
    try_number: int = 0

    def as_tuple(self) -> tuple[str, str, str, int, int]:
        """The key as a plain tuple (for sets and SQL filters)."""
        return (self.dag_id, self.run_id, self.task_id, self.map_index, self.try_number)

    def to_json(self) -> JSONDict:
        """The key as a JSON object."""
        return {
            "dag_id": self.dag_id,
            "run_id": self.run_id,
            "task_id": self.task_id,
            "map_index": self.map_index,
            "try_number": self.try_number,
        }

    @classmethod
    def of(cls, ti: Any) -> TaskKey:
        """Read the key off anything with the five fields.

        A task instance (Task SDK or ORM), an investigation row or a query row.
        """
        map_index = getattr(ti, "map_index", -1)
        return cls(
            dag_id=str(ti.dag_id),
            run_id=str(ti.run_id),
            task_id=str(ti.task_id),
            map_index=-1 if map_index is None else int(map_index),
            try_number=int(getattr(ti, "try_number", 0) or 0),
        )


class Category(StrEnum):
    """Who has to act: definitions in ARCHITECTURE 4.4."""

    DATA = "data"
    CODE = "code"
    CONFIG = "config"
    INFRA = "infra"
    UNKNOWN = "unknown"


class Transience(StrEnum):
    """Whether a plain retry can be expected to help."""

    PERMANENT = "permanent"
    TRANSIENT = "transient"
    INTERMITTENT = "intermittent"
    UNKNOWN = "unknown"


class Severity(IntEnum):
    """Dr. Elephant's five-level scale; ``NONE`` means measured and fine."""

    NONE = 0
    LOW = 1
    MODERATE = 2
    SEVERE = 3
    CRITICAL = 4


class HypothesisStatus(StrEnum):
    """Verdict of the evidence analysis on one hypothesis."""

    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    INCONCLUSIVE = "inconclusive"


class PipelineType(StrEnum):
    """Platform a failed task runs on; ``airflow`` is every task that is not dbt or Spark."""

    AIRFLOW = "airflow"
    DBT = "dbt"
    SPARK = "spark"


class EvidenceKind(StrEnum):
    """What one stored piece of evidence is (the ``kind`` column of the artifact table)."""

    LOG = "log"
    ERROR = "error"
    SCHEMA = "schema"
    TRACE = "trace"
    DATASET = "dataset"
    RUN_HISTORY = "run_history"
    CONFIG = "config"
    DIFF = "diff"
    UPSTREAM = "upstream"
    UPSTREAM_LOG = "upstream_log"
    DBT_RESULTS = "dbt_results"
    DBT_MANIFEST = "dbt_manifest"
    SPARK_EVENT_LOG = "spark_event_log"
    #: The job's own source (a DAG or job file): what a failing line read, and from where.
    SOURCE = "source"
    COLLECTION_ERROR = "collection_error"


@dataclass(frozen=True)
class LogLine:
    """One cited line: where it came from and what it said (already redacted)."""

    evidence_id: str
    line_no: int
    text: str

    def cite(self) -> str:
        """Render as ``E1:L42`` for prompts, reports and Slack."""
        return f"{self.evidence_id}:L{self.line_no}"


@dataclass
class Evidence:
    """One piece of evidence, redacted and size-capped before it exists in this form.

    ``id`` is short and stable within one investigation (``E1``, ``E2`` …) so that hypotheses, the
    model and the UI can cite it.
    """

    id: str
    kind: EvidenceKind
    name: str
    source: str
    content: str = ""
    size_bytes: int = 0
    truncated: bool = False
    summary: JSONDict = field(default_factory=dict)


@dataclass(frozen=True)
class Signal:
    """A fact an adapter recognised, e.g. ``spark.executor_oom`` on line 812 of the driver log.

    ``code`` is ``<platform>.<what>``; the catalogue of codes lives with the adapter that emits
    them (``adapters/<platform>/signals.py``). Heuristics match on codes and read ``attributes``.
    """

    code: str
    message: str
    evidence_id: str = ""
    lines: tuple[LogLine, ...] = ()
    attributes: JSONDict = field(default_factory=dict)


@dataclass(frozen=True)
class FailureContext:
    """What is known about the failed task before any evidence is read."""

    key: TaskKey = TaskKey()
    max_tries: int = 0
    operator: str = ""
    command: str = ""
    tags: tuple[str, ...] = ()
    params: JSONDict = field(default_factory=dict)
    error_type: str = ""
    error_message: str = ""
    trigger: str = ""
    owner: str = ""


@dataclass
class EvidenceBundle:
    """Everything collected for one investigation; the only input heuristics and the model see.

    ``facts`` holds each adapter's parsed structure under its name (``"dbt"``, ``"spark"``,
    ``"history"``, ``"changes"`` …) as plain JSON-able dicts so they can be stored and prompted.
    """

    context: FailureContext
    pipeline_type: PipelineType = PipelineType.AIRFLOW
    evidence: list[Evidence] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    facts: dict[str, JSONDict] = field(default_factory=dict)
    diagnostic_commands: list[str] = field(default_factory=list)
    briefings: list[str] = field(default_factory=list)

    def next_evidence_id(self) -> str:
        """Allocate the next ``E<n>`` id."""
        return f"E{len(self.evidence) + 1}"

    def add_evidence(self, evidence: Evidence) -> Evidence:
        """Append evidence, giving it the next id when it has none."""
        if not evidence.id:
            evidence.id = self.next_evidence_id()
        self.evidence.append(evidence)
        return evidence

    def evidence_by_id(self, evidence_id: str) -> Evidence | None:
        """Look up evidence by id (``None`` when a citation does not resolve)."""
        return next((e for e in self.evidence if e.id == evidence_id), None)

    def signals_with(self, *codes: str) -> list[Signal]:
        """Signals whose code equals one of ``codes`` or starts with a code ending in ``.``."""
        return [
            s
            for s in self.signals
            if any(s.code == c or (c.endswith(".") and s.code.startswith(c)) for c in codes)
        ]

    def has_signal(self, *codes: str) -> bool:
        """True when at least one signal matches (see :meth:`signals_with`)."""
        return bool(self.signals_with(*codes))


class CodeLanguage(StrEnum):
    """The language of a code block: how it is labelled and highlighted, and whether a shell runs it."""

    SHELL = "shell"
    PYTHON = "python"
    SQL = "sql"
    YAML = "yaml"
    TOML = "toml"


_LANGUAGES = frozenset(language.value for language in CodeLanguage)
#: A placeholder the reader must fill before running a block (``<fact_table>``, ``<application.py>``).
PLACEHOLDER_RE = re.compile(r"<[A-Za-z][\w.-]*>")


@dataclass(frozen=True)
class CodeBlock:
    """One piece of a fix that holds only code, runnable as shown once its placeholders are filled.

    ``changes_state`` marks a command that re-runs work or changes state (a ``dbt build``, a
    ``spark-submit``): it is labelled so and is never offered as a diagnostic.
    """

    code: str
    language: CodeLanguage = CodeLanguage.SHELL
    changes_state: bool = False

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The placeholders left in the code, in order (empty when it runs as shown)."""
        return tuple(dict.fromkeys(PLACEHOLDER_RE.findall(self.code)))

    def to_json(self) -> JSONDict:
        """The stored and streamed shape (``placeholders`` is derived, for the readers' convenience)."""
        return {
            "language": self.language.value,
            "code": self.code,
            "changes_state": self.changes_state,
            "placeholders": list(self.placeholders),
        }

    @classmethod
    def from_json(cls, data: object) -> CodeBlock | None:
        """A block from its JSON, ``None`` for anything that is not one (an unknown language is shell)."""
        if not isinstance(data, Mapping) or not isinstance(data.get("code"), str) or not data["code"].strip():
            return None
        language = str(data.get("language") or CodeLanguage.SHELL.value)
        return cls(
            code=data["code"],
            language=CodeLanguage(language) if language in _LANGUAGES else CodeLanguage.SHELL,
            changes_state=bool(data.get("changes_state", False)),
        )


def code_blocks(items: object) -> list[CodeBlock]:
    """The code blocks of a stored list; what is not a block is skipped (old answers have none)."""
    blocks = [CodeBlock.from_json(item) for item in items] if isinstance(items, list) else []
    return [block for block in blocks if block is not None]


@dataclass(frozen=True)
class RuleFinding:
    """What one heuristic concluded: a candidate root cause with its measured support.

    ``likelihood`` is the rule's prior (0-100) that this is the root cause; ``supersedes`` lists
    rule ids this finding explains away (skew supersedes "needs more memory"). A ``symptom`` finding
    describes how the wrapping operator saw the failure (the exit code of a bash command, the
    exception the operator raised): any stronger finding about the failure itself explains it away.
    """

    rule_id: str
    title: str
    severity: Severity
    category: Category
    transience: Transience
    likelihood: int
    summary: str
    evidence: tuple[LogLine, ...] = ()
    evidence_ids: tuple[str, ...] = ()
    details: tuple[tuple[str, str], ...] = ()
    immediate_fix: str = ""
    change: str = ""
    prevention: str = ""
    monitoring: str = ""
    supersedes: tuple[str, ...] = ()
    counter_evidence: str = ""
    symptom: bool = False
    #: Code blocks of the immediate fix and of the change, each runnable as shown.
    immediate_fix_code: tuple[CodeBlock, ...] = ()
    change_code: tuple[CodeBlock, ...] = ()
    #: Superseded rule ids whose findings corroborate this one (shown under it, never as dismissed).
    supports: tuple[str, ...] = ()
    #: ``(rule id, why)`` for the superseded findings a reader would raise as the alternative cause.
    ruled_out: tuple[tuple[str, str], ...] = ()
    #: ``(citation, fact)`` measured facts, strongest first: the root cause cites them before lines.
    measured: tuple[tuple[str, str], ...] = ()
    #: The most confidence this kind of finding can carry: its category is a fair guess, not a
    #: certainty (a missing table may be a wrong name or a late producer), whatever the likelihood.
    max_confidence: int = 95


@dataclass
class Hypothesis:
    """One candidate explanation and the verdict of the evidence analysis on it."""

    title: str
    description: str = ""
    likelihood: int = 0
    status: HypothesisStatus = HypothesisStatus.INCONCLUSIVE
    reasoning: str = ""
    evidence_for: list[str] = field(default_factory=list)
    evidence_against: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    rule_id: str = ""
    #: Findings that corroborate this hypothesis (``title``, ``rule_id``, ``evidence``): a reasoning
    #: record shows them under the claim they support, not as rivals that were dismissed.
    supporting: list[JSONDict] = field(default_factory=list)

    def to_json(self) -> JSONDict:
        """The stored and streamed shape (``result_json.hypotheses[]`` and the hypotheses step)."""
        return {
            "title": self.title,
            "description": self.description,
            "likelihood": self.likelihood,
            "status": self.status.value,
            "reasoning": self.reasoning,
            "evidence": list(self.evidence),
            "evidence_for": list(self.evidence_for),
            "evidence_against": list(self.evidence_against),
            "rule_id": self.rule_id,
            "supporting": [dict(item) for item in self.supporting],
        }


@dataclass
class RootCause:
    """The conclusion, with how sure we are and why."""

    title: str
    summary: str = ""
    confidence: int = 0
    justification: str = ""
    category: Category = Category.UNKNOWN
    transience: Transience = Transience.UNKNOWN
    evidence: list[str] = field(default_factory=list)
    dismissed: list[JSONDict] = field(default_factory=list)
    evidence_gaps: list[str] = field(default_factory=list)
    rule_id: str = ""
    #: What users said of this rule's (or model's) earlier answers here, when they often disagreed.
    confidence_note: str = ""
    #: Measured facts the root cause rests on (``cite``, ``text``), strongest first.
    facts: list[JSONDict] = field(default_factory=list)


@dataclass
class Remediation:
    """What to do now, what to change, and how to stop it from happening again.

    ``immediate_fix`` and ``change`` are prose; their code lives in ``immediate_fix_code`` and
    ``change_code``, so that every block holds only code. ``diagnostic_commands`` are read-only shell
    commands: anything that re-runs work or changes state is a fix's code block, flagged so.
    """

    immediate_fix: str = ""
    change: str = ""
    prevention: str = ""
    monitoring: str = ""
    diagnostic_commands: list[str] = field(default_factory=list)
    immediate_fix_code: list[CodeBlock] = field(default_factory=list)
    change_code: list[CodeBlock] = field(default_factory=list)

    def to_json(self) -> JSONDict:
        """The contract shape (ARCHITECTURE 4.4), with the code blocks as objects."""
        return {
            "immediate_fix": self.immediate_fix,
            "change": self.change,
            "prevention": self.prevention,
            "monitoring": self.monitoring,
            "diagnostic_commands": list(self.diagnostic_commands),
            "immediate_fix_code": [block.to_json() for block in self.immediate_fix_code],
            "change_code": [block.to_json() for block in self.change_code],
        }


@dataclass
class InvestigationResult:
    """The four steps of one investigation; the single schema every path produces.

    ``to_json`` is the offline CLI's ``--format json`` contract (ARCHITECTURE 4.4).
    """

    pipeline_type: PipelineType
    hypotheses: list[Hypothesis]
    root_cause: RootCause
    remediation: Remediation
    signals: list[Signal] = field(default_factory=list)
    engine: str = "deterministic"
    model: str = ""
    notes: list[str] = field(default_factory=list)
    #: Normalised error signature hash (engine/fingerprint.py): groups alerts, drives the cache.
    fingerprint: str = ""
    #: Model token/latency figures (``input_tokens``, ``output_tokens``, ``attempts``, ``latency_ms``).
    usage: JSONDict = field(default_factory=dict)
    #: Id of the earlier investigation whose finding was reused (fingerprint cache hit).
    reused_from: str = ""

    @property
    def category(self) -> Category:
        """Category of the root cause."""
        return self.root_cause.category

    @property
    def transience(self) -> Transience:
        """Transience of the root cause."""
        return self.root_cause.transience

    def to_json(self) -> JSONDict:
        """Serialise to the CLI/API contract shape."""
        rc = self.root_cause
        return {
            "pipeline_type": self.pipeline_type.value,
            "category": rc.category.value,
            "transience": rc.transience.value,
            "root_cause": {
                "title": rc.title,
                "summary": rc.summary,
                "confidence": rc.confidence,
                "justification": rc.justification,
                "evidence": list(rc.evidence),
                "dismissed": list(rc.dismissed),
                "evidence_gaps": list(rc.evidence_gaps),
                "rule_id": rc.rule_id,
                "confidence_note": rc.confidence_note,
                "facts": [dict(fact) for fact in rc.facts],
            },
            "hypotheses": [h.to_json() for h in self.hypotheses],
            "remediation": self.remediation.to_json(),
            "signals": [
                {
                    "code": s.code,
                    "message": s.message,
                    "evidence_id": s.evidence_id,
                    "lines": [line.cite() for line in s.lines],
                    "attributes": s.attributes,
                }
                for s in self.signals
            ],
            "engine": self.engine,
            "model": self.model,
            "notes": list(self.notes),
            "fingerprint": self.fingerprint,
            "usage": dict(self.usage),
            "reused_from": self.reused_from,
        }

    @classmethod
    def from_json(cls, data: JSONDict) -> InvestigationResult:
        """Rebuild a result from :meth:`to_json` output (stored findings, the fingerprint cache).

        Signal lines come back as citations only (their text is not part of the JSON contract).
        """
        rc = data.get("root_cause", {})
        rem = data.get("remediation", {})
        return cls(
            pipeline_type=PipelineType(data.get("pipeline_type", PipelineType.AIRFLOW.value)),
            hypotheses=[
                Hypothesis(
                    title=h.get("title", ""),
                    description=h.get("description", ""),
                    likelihood=int(h.get("likelihood", 0)),
                    status=HypothesisStatus(h.get("status", HypothesisStatus.INCONCLUSIVE.value)),
                    reasoning=h.get("reasoning", ""),
                    evidence_for=list(h.get("evidence_for", [])),
                    evidence_against=list(h.get("evidence_against", [])),
                    evidence=list(h.get("evidence", [])),
                    rule_id=h.get("rule_id", ""),
                    supporting=[dict(item) for item in h.get("supporting", []) if isinstance(item, dict)],
                )
                for h in data.get("hypotheses", [])
            ],
            root_cause=RootCause(
                title=rc.get("title", ""),
                summary=rc.get("summary", ""),
                confidence=int(rc.get("confidence", 0)),
                justification=rc.get("justification", ""),
                category=Category(data.get("category", Category.UNKNOWN.value)),
                transience=Transience(data.get("transience", Transience.UNKNOWN.value)),
                evidence=list(rc.get("evidence", [])),
                dismissed=list(rc.get("dismissed", [])),
                evidence_gaps=list(rc.get("evidence_gaps", [])),
                rule_id=rc.get("rule_id", ""),
                confidence_note=str(rc.get("confidence_note") or ""),
                facts=[dict(fact) for fact in rc.get("facts", []) if isinstance(fact, dict)],
            ),
            remediation=Remediation(
                immediate_fix=rem.get("immediate_fix", ""),
                change=rem.get("change", ""),
                prevention=rem.get("prevention", ""),
                monitoring=rem.get("monitoring", ""),
                diagnostic_commands=list(rem.get("diagnostic_commands", [])),
                immediate_fix_code=code_blocks(rem.get("immediate_fix_code")),
                change_code=code_blocks(rem.get("change_code")),
            ),
            signals=[
                Signal(
                    code=s.get("code", ""),
                    message=s.get("message", ""),
                    evidence_id=s.get("evidence_id", ""),
                    lines=tuple(line for line in map(_parse_cite, s.get("lines", [])) if line is not None),
                    attributes=dict(s.get("attributes", {})),
                )
                for s in data.get("signals", [])
            ],
            engine=data.get("engine", "deterministic"),
            model=data.get("model", ""),
            notes=list(data.get("notes", [])),
            fingerprint=data.get("fingerprint", ""),
            usage=dict(data.get("usage", {})),
            reused_from=data.get("reused_from", ""),
        )


class StepKind(StrEnum):
    """The four steps of the method, plus progress notes (``status``)."""

    HYPOTHESIS = "hypothesis"
    EVIDENCE = "evidence"
    ROOT_CAUSE = "root_cause"
    REMEDIATION = "remediation"
    STATUS = "status"


@dataclass(frozen=True)
class Step:
    """One persisted step: a title, a Markdown body and the structured JSON behind it.

    ``source`` says which path produced it (``deterministic``, ``model`` or ``cache``) so a reader
    of the stored steps can tell a model's answer from the rules' one after a fallback.
    """

    kind: StepKind
    title: str
    body: str = ""
    data: JSONDict = field(default_factory=dict)
    source: str = "deterministic"


def _parse_cite(cite: str) -> LogLine | None:
    """``E1:L42`` → a :class:`LogLine` without text; ``None`` for anything else."""
    evidence_id, sep, line = cite.partition(":L")
    if not sep or not line.isdigit():
        return None
    return LogLine(evidence_id, int(line), "")


# --------------------------------------------------------------------------- which failures are investigated
# Which failures get an investigation: pure rules shared by the worker, the listeners and the sweep.
#
# Investigate final failures (``failed``); a try that goes to ``up_for_retry`` only when retries are
# opted in. ``upstream_failed`` never: it is a consequence, and the API shows the failed upstream's
# investigation for it. A DAG opts out with the opt-out tag, or with the opt-out param set to a false
# value (in the DAG's params or in the run's conf, which overrides them).

FAILED = "failed"
UP_FOR_RETRY = "up_for_retry"
_FALSE_WORDS = frozenset({"false", "0", "no", "off", "disabled"})


def state_value(state: Any) -> str:
    """The plain string of a task-instance state (enum or string or ``None``)."""
    return str(getattr(state, "value", state) or "")


def wants_state(state: Any, *, investigate_retries: bool) -> bool:
    """True for a final failure, and for a retried try when retries are opted in."""
    value = state_value(state)
    return value == FAILED or (investigate_retries and value == UP_FOR_RETRY)


def param_disables(value: Any) -> bool:
    """Whether a param value switches the investigation off (``False``, ``"false"``, ``0``, ``"off"``)."""
    if isinstance(value, Mapping) and "value" in value:  # serialized Param: {"value": ..., ...}
        value = value["value"]
    if value is None:
        return False
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value == 0
    return isinstance(value, str) and value.strip().lower() in _FALSE_WORDS


def opted_out(
    tags: Iterable[str],
    params: Mapping[str, Any] | None,
    run_conf: Mapping[str, Any] | None,
    *,
    tag: str,
    param: str,
) -> bool:
    """Whether a DAG (or this run of it) opted out of investigations."""
    if tag and tag in set(tags):
        return True
    if not param:
        return False
    if run_conf and param in run_conf:
        return param_disables(run_conf[param])
    if params and param in params:
        return param_disables(params[param])
    return False


# --------------------------------------------------------------------------- cancellation


class InvestigationCancelledError(RuntimeError):
    """The investigation was cancelled (timed out, runner stopping); raised where the work noticed.

    :param reason: why it was cancelled (``timed out after 900s``).
    :param where: the stage boundary that noticed (``adapter spark``, ``model stage classify``).
    """

    def __init__(self, reason: str, where: str) -> None:
        """Keep both for the step that records where the investigation stopped."""
        super().__init__(f"{reason}; stopped at {where}" if where else reason)
        self.reason = reason
        self.where = where


class CancelToken:
    """Cooperative cancellation of one investigation, shared by every stage that may take long.

    A thread cannot be killed: the runner cancels the token and each stage boundary (collection
    per adapter, rules, each model stage and tool call, notify) calls :meth:`check`, while blocking
    reads (a model stream) register :meth:`on_cancel` to be closed at once. ``is_set``/``wait``
    keep the ``threading.Event`` vocabulary for callers that only ask or wait.
    """

    def __init__(self) -> None:
        """Not cancelled."""
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._reason = ""
        self._actions: list[Callable[[], None]] = []

    @property
    def reason(self) -> str:
        """Why it was cancelled; empty while it was not."""
        return self._reason

    def is_set(self) -> bool:
        """Whether it was cancelled."""
        return self._event.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait up to ``timeout`` seconds for the cancellation; whether it came."""
        return self._event.wait(timeout)

    def cancel(self, reason: str) -> None:
        """Cancel (the first reason wins) and run the registered close actions once."""
        with self._lock:
            if self._event.is_set():
                return
            self._reason = reason
            self._event.set()
            actions, self._actions = self._actions, []
        for action in actions:
            with suppress(Exception):  # closing a stream that already failed is fine
                action()

    def check(self, where: str) -> None:
        """Raise :class:`InvestigationCancelledError` naming ``where`` once cancelled."""
        if self._event.is_set():
            raise InvestigationCancelledError(self._reason, where)

    def pause(self, seconds: float) -> None:
        """Sleep that ends at once when cancelled (then raises): retry back-offs use it."""
        if self._event.wait(seconds):
            self.check("a retry wait")

    @contextmanager
    def on_cancel(self, action: Callable[[], None]) -> Iterator[None]:
        """Run ``action`` if the token is cancelled while the block runs (at once if it already is)."""
        with self._lock:
            cancelled = self._event.is_set()
            if not cancelled:
                self._actions.append(action)
        if cancelled:
            action()
        try:
            yield
        finally:
            with self._lock:
                if action in self._actions:
                    self._actions.remove(action)
