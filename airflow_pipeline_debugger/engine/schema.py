"""The model's structured answer: pydantic models, the tool schema, and conversion to the domain.

The answer is ordered the way the method runs and the way steps stream: hypotheses, then the
evidence analysis of each, then the root cause, then the remediation. The JSON schema given to the
model as the forced tool's input is generated from these models (with ``$ref`` inlined, which every
OpenAI-compatible server accepts), and the same models validate what comes back, part by part while
streaming and whole at the end.

Citations are ``E<n>`` (a piece of evidence) or ``E<n>:L<m>`` (a line of it). A citation that
does not resolve in the bundle is kept but flagged in the notes, and it costs confidence: a model
that cites what it was not shown is guessing.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from airflow_pipeline_debugger.domain import (
    Category,
    CodeBlock,
    CodeLanguage,
    EvidenceBundle,
    FailureContext,
    Hypothesis,
    HypothesisStatus,
    InvestigationResult,
    Remediation,
    RootCause,
    Transience,
)

CITATION_RE = re.compile(r"\bE(\d+)(?::L(\d+))?\b")
#: Confidence lost per unresolved citation in the root cause, and elsewhere in the answer.
ROOT_CITATION_PENALTY = 10
OTHER_CITATION_PENALTY = 5
#: A root cause none of whose citations resolve is not better than a guess.
UNCITED_CONFIDENCE_CAP = 30

Text = Annotated[str, Field(max_length=4000)]
ShortText = Annotated[str, Field(max_length=300)]
Citation = Annotated[str, Field(max_length=40, description="E<n> or E<n>:L<m>")]
Percent = Annotated[int, Field(ge=0, le=100)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HypothesisAnswer(_Strict):
    """One candidate explanation, stated before the evidence is weighed."""

    id: Annotated[str, Field(pattern=r"^H[1-9]$", description="H1, H2, ...")]
    title: ShortText
    description: Text = ""
    likelihood: Percent = Field(description="Prior likelihood (0-100) that this is the root cause")
    rule_id: ShortText = Field(default="", description="Rule id of the prior hypothesis it refines, if any")


class EvidenceAnalysisAnswer(_Strict):
    """The verdict on one hypothesis, citing evidence."""

    hypothesis_id: Annotated[str, Field(pattern=r"^H[1-9]$")]
    status: Literal["confirmed", "dismissed", "inconclusive"]
    reasoning: Text
    evidence_for: list[Text] = Field(default_factory=list, max_length=10)
    evidence_against: list[Text] = Field(default_factory=list, max_length=10)
    evidence: list[Citation] = Field(default_factory=list, max_length=20)


class DismissedAnswer(_Strict):
    """A hypothesis ruled out, and why."""

    hypothesis_id: Annotated[str, Field(pattern=r"^H[1-9]$")]
    reason: Text


class RootCauseAnswer(_Strict):
    """The conclusion."""

    hypothesis_id: Annotated[str, Field(pattern=r"^H[1-9]$")]
    title: ShortText
    summary: Text
    confidence: Percent
    justification: Text
    category: str
    transience: Literal["permanent", "transient", "intermittent", "unknown"]
    evidence: list[Citation] = Field(default_factory=list, max_length=20)
    dismissed: list[DismissedAnswer] = Field(default_factory=list, max_length=10)
    evidence_gaps: list[Text] = Field(default_factory=list, max_length=10)


class CodeBlockAnswer(_Strict):
    """One block that holds only code, runnable as shown."""

    language: Literal["shell", "python", "sql", "yaml", "toml"]
    code: Annotated[str, Field(min_length=1, max_length=4000)]
    changes_state: bool = Field(
        default=False, description="True when running it re-runs work or changes state (never a diagnostic)"
    )


class RemediationAnswer(_Strict):
    """What to do, now and next: prose, with the code of each part in its own blocks."""

    immediate_fix: Text
    immediate_fix_code: list[CodeBlockAnswer] = Field(default_factory=list, max_length=5)
    change: Text = ""
    change_code: list[CodeBlockAnswer] = Field(default_factory=list, max_length=5)
    prevention: Text = ""
    monitoring: Text = ""
    diagnostic_commands: list[Annotated[str, Field(max_length=500)]] = Field(
        default_factory=list, max_length=10
    )


class ModelAnswer(_Strict):
    """The whole structured answer (the forced tool's input)."""

    hypotheses: list[HypothesisAnswer] = Field(min_length=3, max_length=5)
    evidence_analysis: list[EvidenceAnalysisAnswer] = Field(min_length=1, max_length=5)
    root_cause: RootCauseAnswer
    remediation: RemediationAnswer


#: The parts in streaming order, each with the validator of its value.
PARTS: tuple[tuple[str, TypeAdapter[Any]], ...] = (
    ("hypotheses", TypeAdapter(list[HypothesisAnswer])),
    ("evidence_analysis", TypeAdapter(list[EvidenceAnalysisAnswer])),
    ("root_cause", TypeAdapter(RootCauseAnswer)),
    ("remediation", TypeAdapter(RemediationAnswer)),
)
PART_NAMES = tuple(name for name, _ in PARTS)


def _inline_refs(node: Any, defs: Mapping[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            resolved = copy.deepcopy(defs[ref.removeprefix("#/$defs/")])
            extra = {k: v for k, v in node.items() if k != "$ref"}
            return _inline_refs({**resolved, **extra}, defs)
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def answer_json_schema(
    categories: Iterable[str] | None = None, parts: Iterable[str] | None = None
) -> dict[str, Any]:
    """The tool input schema: refs inlined, the category set as an enum, optionally only some parts.

    ``parts`` restricts the schema to the answer parts one stage produces (``calls = "per_stage"``).
    """
    raw = ModelAnswer.model_json_schema()
    schema: dict[str, Any] = _inline_refs(raw, raw.get("$defs", {}))
    cats = list(categories) if categories is not None else [c.value for c in Category]
    schema["properties"]["root_cause"]["properties"]["category"]["enum"] = cats
    if parts is not None:
        wanted = [p for p in PART_NAMES if p in set(parts)]
        schema["properties"] = {p: schema["properties"][p] for p in wanted}
        schema["required"] = wanted
    return schema


def validate_part(name: str, value: Any) -> Any:
    """Validate one completed top-level part; raises ``pydantic.ValidationError``."""
    adapter = dict(PARTS)[name]
    return adapter.validate_python(value)


class AnswerError(ValueError):
    """The answer is well-formed JSON of the right shape but contradicts itself or the topology."""


class CitationChecker:
    """Resolves ``E<n>`` / ``E<n>:L<m>`` against the bundle and the lines the model was shown."""

    def __init__(
        self,
        bundle: EvidenceBundle,
        shown_lines: Mapping[str, Iterable[int]] | None = None,
        *,
        readable_ids: Iterable[str] | None = None,
    ) -> None:
        """Index the evidence ids; ``shown_lines`` limits what is citable to what the model was shown.

        With ``shown_lines``, a whole-piece citation (``E3``) resolves only when the piece was shown
        (it is a key, even with no numbered line), so a piece dropped for size or hidden from the
        stage cannot be cited. ``readable_ids`` limits the signals' lines to the stage's evidence.
        """
        self._ids = {e.id for e in bundle.evidence}
        self._lines: dict[str, set[int]] = {k: set(v) for k, v in (shown_lines or {}).items()}
        allowed = set(readable_ids) if readable_ids is not None else self._ids
        for signal in bundle.signals:
            for line in signal.lines:
                if line.evidence_id in allowed:
                    self._lines.setdefault(line.evidence_id, set()).add(line.line_no)
        self._check_lines = shown_lines is not None

    def seen_lines(self, evidence_id: str) -> set[int]:
        """The citable lines of one piece (shown, signalled or read)."""
        return set(self._lines.get(evidence_id, set()))

    def see(self, evidence_id: str, lines: Iterable[int]) -> None:
        """Make lines citable because the model read them (through an evidence tool)."""
        self._lines.setdefault(evidence_id, set()).update(lines)

    def resolves(self, citation: str) -> bool:
        """Whether one citation points at something that exists."""
        m = CITATION_RE.fullmatch(citation.strip())
        if not m:
            return False
        evidence_id = f"E{m.group(1)}"
        if evidence_id not in self._ids:
            return False
        if not self._check_lines:
            return True
        if m.group(2) is None:
            return evidence_id in self._lines
        return int(m.group(2)) in self._lines.get(evidence_id, set())

    def unresolved(self, citations: Iterable[str]) -> list[str]:
        """The citations that do not resolve, in order, without duplicates."""
        return list(dict.fromkeys(c for c in citations if not self.resolves(c)))


def inline_citations(*texts: str) -> list[str]:
    """Citations written inside free text (``... as E2:L14 shows``)."""
    found: list[str] = []
    for text in texts:
        found.extend(m.group(0) for m in CITATION_RE.finditer(text))
    return found


class AnswerAssembler:
    """Turns answer parts into domain pieces as they arrive, in method order.

    Streaming delivers top-level parts one at a time. :meth:`add` validates a part, checks it
    against the parts before it (ids it refers to, the topology's categories, citations) and returns
    the domain pieces that became ready, so each can be persisted as a step immediately. A part that
    arrives before its predecessors waits until they are in. :meth:`result` assembles the
    investigation once all four parts are in.
    """

    def __init__(
        self,
        bundle: EvidenceBundle,
        *,
        categories: Iterable[str] | None = None,
        checker: CitationChecker | None = None,
        model: str = "",
    ) -> None:
        """Start empty for one bundle."""
        known = {c.value for c in Category}
        self.bundle = bundle
        self.categories = (set(categories) if categories is not None else known) & known
        self.checker = checker or CitationChecker(bundle)
        self.model = model
        self.notes: list[str] = []
        self._pending: dict[str, Any] = {}
        self._built: dict[str, Any] = {}
        self._hypotheses: dict[str, HypothesisAnswer] = {}
        self._analysis: dict[str, EvidenceAnalysisAnswer] = {}
        self._other_unresolved: set[str] = set()

    @property
    def completed(self) -> list[str]:
        """Parts already converted, in order."""
        return [p for p in PART_NAMES if p in self._built]

    def add(self, name: str, raw: Any) -> list[tuple[str, Any]]:
        """Validate one part; return ``(part, domain piece)`` for every part that became ready.

        Raises ``pydantic.ValidationError`` or :class:`AnswerError`; an unknown top-level key is an
        :class:`AnswerError` too (the answer's shape is fixed).
        """
        if name not in PART_NAMES:
            raise AnswerError(f"unexpected part {name!r} in the answer")
        if name in self._pending or name in self._built:
            raise AnswerError(f"part {name!r} given twice")
        self._pending[name] = validate_part(name, raw)
        ready: list[tuple[str, Any]] = []
        for part in PART_NAMES:
            if part in self._built:
                continue
            if part not in self._pending:
                break
            self._built[part] = self._build(part, self._pending.pop(part))
            ready.append((part, self._built[part]))
        return ready

    def _build(self, part: str, value: Any) -> Any:
        if part == "hypotheses":
            return self._build_hypotheses(value)
        if part == "evidence_analysis":
            return self._build_evidence_analysis(value)
        if part == "root_cause":
            return self._build_root_cause(value)
        return self._build_remediation(value)

    def _build_hypotheses(self, items: list[HypothesisAnswer]) -> list[Hypothesis]:
        ids = [h.id for h in items]
        if len(set(ids)) != len(ids):
            raise AnswerError(f"hypothesis ids are not unique: {ids}")
        self._hypotheses = {h.id: h for h in items}
        return [
            Hypothesis(title=h.title, description=h.description, likelihood=h.likelihood, rule_id=h.rule_id)
            for h in items
        ]

    def _build_evidence_analysis(self, items: list[EvidenceAnalysisAnswer]) -> list[Hypothesis]:
        unknown = sorted({a.hypothesis_id for a in items} - set(self._hypotheses))
        if unknown:
            raise AnswerError(f"evidence analysis refers to hypotheses it did not state: {unknown}")
        self._analysis = {a.hypothesis_id: a for a in items}
        out: list[Hypothesis] = []
        for hid, h in self._hypotheses.items():
            a = self._analysis.get(hid)
            cites = list(a.evidence) if a else []
            texts = [h.description, *(a.evidence_for if a else []), *(a.evidence_against if a else [])]
            if a:
                texts.append(a.reasoning)
            bad = self.checker.unresolved([*cites, *inline_citations(*texts)])
            if bad:
                self.notes.append(f"unresolved citation in hypothesis {hid}: {', '.join(bad)}")
                self._other_unresolved.update(bad)
            out.append(
                Hypothesis(
                    title=h.title,
                    description=h.description,
                    likelihood=h.likelihood,
                    status=HypothesisStatus(a.status) if a else HypothesisStatus.INCONCLUSIVE,
                    reasoning=a.reasoning if a else "The answer did not analyse this hypothesis.",
                    evidence_for=list(a.evidence_for) if a else [],
                    evidence_against=list(a.evidence_against) if a else [],
                    evidence=[c for c in cites if self.checker.resolves(c)],
                    rule_id=h.rule_id,
                )
            )
        return out

    def _build_root_cause(self, rc: RootCauseAnswer) -> RootCause:
        if rc.category not in self.categories:
            raise AnswerError(f"root_cause.category {rc.category!r} is not one of {sorted(self.categories)}")
        chosen = self._hypotheses.get(rc.hypothesis_id)
        if chosen is None:
            raise AnswerError(f"root cause refers to a hypothesis it did not state: {rc.hypothesis_id}")
        root_cites = [*rc.evidence, *inline_citations(rc.summary, rc.justification)]
        root_bad = self.checker.unresolved(root_cites)
        root_good = [c for c in dict.fromkeys(root_cites) if self.checker.resolves(c)]
        confidence = rc.confidence
        if root_bad:
            self.notes.append(f"unresolved citation in root cause: {', '.join(root_bad)}")
        confidence -= ROOT_CITATION_PENALTY * len(root_bad)
        confidence -= OTHER_CITATION_PENALTY * len(self._other_unresolved - set(root_bad))
        if not root_good:
            self.notes.append("root cause cites no evidence that exists; confidence capped")
            confidence = min(confidence, UNCITED_CONFIDENCE_CAP)
        analysis = self._analysis.get(chosen.id)
        if analysis is not None and analysis.status == "dismissed":
            self.notes.append(
                f"root cause names {chosen.id}, which the analysis dismissed; confidence capped"
            )
            confidence = min(confidence, UNCITED_CONFIDENCE_CAP)
        confidence = max(0, min(100, confidence))
        if confidence != rc.confidence:
            self.notes.append(f"confidence lowered from {rc.confidence} to {confidence}")
        dismissed = []
        for d in rc.dismissed:
            h = self._hypotheses.get(d.hypothesis_id)
            dismissed.append(
                {
                    "title": h.title if h else d.hypothesis_id,
                    "reason": d.reason,
                    "rule_id": h.rule_id if h else "",
                }
            )
        return RootCause(
            title=rc.title,
            summary=rc.summary,
            confidence=confidence,
            justification=rc.justification,
            category=Category(rc.category),
            transience=Transience(rc.transience),
            evidence=root_good,
            dismissed=dismissed,
            evidence_gaps=list(rc.evidence_gaps),
            rule_id=chosen.rule_id,
        )

    def _build_remediation(self, rem: RemediationAnswer) -> Remediation:
        return Remediation(
            immediate_fix=rem.immediate_fix,
            immediate_fix_code=_blocks(rem.immediate_fix_code),
            change=rem.change,
            change_code=_blocks(rem.change_code),
            prevention=rem.prevention,
            monitoring=rem.monitoring,
            diagnostic_commands=list(
                dict.fromkeys([*self.bundle.diagnostic_commands, *rem.diagnostic_commands])
            ),
        )

    def result(self) -> InvestigationResult:
        """The investigation; raises :class:`AnswerError` if a part is missing."""
        missing = [p for p in PART_NAMES if p not in self._built]
        if missing:
            raise AnswerError(f"the answer is missing {', '.join(missing)}")
        return InvestigationResult(
            pipeline_type=self.bundle.pipeline_type,
            hypotheses=self._built["evidence_analysis"],
            root_cause=self._built["root_cause"],
            remediation=self._built["remediation"],
            signals=list(self.bundle.signals),
            engine="model",
            model=self.model,
            notes=list(self.notes),
        )


class _AcceptAll(CitationChecker):
    """Citation checker for shape-only validation (citations are judged against a real bundle later)."""

    def __init__(self) -> None:
        super().__init__(EvidenceBundle(context=FailureContext()))

    def resolves(self, citation: str) -> bool:
        return True


def parse_answer(raw: Mapping[str, Any], categories: Iterable[str] | None = None) -> ModelAnswer:
    """Validate a whole answer: shape, then the cross-part checks of :class:`AnswerAssembler`."""
    answer = ModelAnswer.model_validate(raw)
    probe = AnswerAssembler(
        EvidenceBundle(context=FailureContext()), categories=categories, checker=_AcceptAll()
    )
    dumped = answer.model_dump()
    for name in PART_NAMES:
        probe.add(name, dumped[name])
    return answer


def to_result(
    answer: ModelAnswer,
    bundle: EvidenceBundle,
    *,
    checker: CitationChecker | None = None,
    categories: Iterable[str] | None = None,
    model: str = "",
) -> InvestigationResult:
    """Convert a validated answer into the domain result, flagging and pricing unresolved citations."""
    assembler = AnswerAssembler(bundle, categories=categories, checker=checker, model=model)
    dumped = answer.model_dump()
    for name in PART_NAMES:
        assembler.add(name, dumped[name])
    return assembler.result()


def _blocks(answers: list[CodeBlockAnswer]) -> list[CodeBlock]:
    """The model's code blocks as domain blocks."""
    return [CodeBlock(a.code, CodeLanguage(a.language), a.changes_state) for a in answers]
