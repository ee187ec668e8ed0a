"""The heuristic contract: one deterministic rule turns an evidence bundle into at most one finding.

Rules are Dr. Elephant-style: an id, a title, the evidence they need, severity thresholds whose
defaults sit in code next to their keys (overridable through ``[pipeline_debugger]
heuristic_params``, validated at start-up), and a recommendation.

Minimal example (a :class:`SignalRule` is handed the hits of the codes it reads)::

    class DiskFull(SignalRule):
        \"\"\"The task failed because a disk filled up.\"\"\"

        id = "infra.disk_full"
        title = "Disk full"
        reads = ("generic.disk_full",)

        def judge(self, bundle, hits):
            return self.finding(
                title="Disk full on the worker", severity=Severity.SEVERE,
                category=Category.INFRA, transience=Transience.PERMANENT, likelihood=85,
                summary=hits[0].message, signals=hits, immediate_fix="Free space, then clear the task.",
            )
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from airflow_pipeline_debugger.domain import (
    Category,
    CodeBlock,
    EvidenceBundle,
    LogLine,
    PipelineType,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)

#: Endings that already close a sentence.
_SENTENCE_END = (".", "!", "?", "…")


def sentence(text: str) -> str:
    """``text`` closed by exactly one sentence end.

    Messages quoted from logs often end in their own full stop (``... exit code 1.``, ``... read-only
    mode!``); a rule wrapping one in a sentence uses this instead of appending ``.`` itself.
    """
    text = text.rstrip()
    return text if not text or text.endswith(_SENTENCE_END) else f"{text}."


#: Characters of a cited line a pattern is searched in (a hostile line costs no more).
SAYS_CHARS = 2000


def hits_say(hits: Iterable[Signal], pattern: re.Pattern[str]) -> bool:
    """Whether a line the signals cite matches ``pattern`` (a rule reading its evidence's own words)."""
    return any(pattern.search(line.text[:SAYS_CHARS]) for hit in hits for line in hit.lines)


#: The ceiling for evidence several causes in different categories share (a connection not defined:
#: never created, or an id the code misspells): under the confident band, which must be right nine
#: times in ten.
AMBIGUOUS_CEILING = 65


class HeuristicConfigError(ValueError):
    """A threshold override is malformed; the message names the rule and key."""


@dataclass(frozen=True)
class SeverityThresholds:
    """Four limits mapping a measured value to a :class:`Severity`.

    Ascending limits flag large values (skew ratio); descending limits flag small ones (memory use).
    """

    low: float
    moderate: float
    severe: float
    critical: float
    ascending: bool = True

    def __post_init__(self) -> None:
        limits = (self.low, self.moderate, self.severe, self.critical)
        if any(math.isnan(x) for x in limits):
            raise HeuristicConfigError(f"thresholds must be numbers, got {limits}")
        ordered = sorted(limits) if self.ascending else sorted(limits, reverse=True)
        if list(limits) != ordered:
            direction = "ascending" if self.ascending else "descending"
            raise HeuristicConfigError(f"thresholds {limits} must be {direction}")

    def severity_of(self, value: float) -> Severity:
        """Severity of a measured value."""
        limits = (
            (self.critical, Severity.CRITICAL),
            (self.severe, Severity.SEVERE),
            (self.moderate, Severity.MODERATE),
            (self.low, Severity.LOW),
        )
        for limit, severity in limits:
            if (value >= limit) if self.ascending else (value <= limit):
                return severity
        return Severity.NONE

    @classmethod
    def parse(cls, raw: object, *, ascending: bool) -> SeverityThresholds:
        """Parse ``"2,4,8,16"`` or ``[2, 4, 8, 16]`` into thresholds."""
        parts = raw.split(",") if isinstance(raw, str) else raw
        if not isinstance(parts, list | tuple) or len(parts) != 4:
            raise HeuristicConfigError(f"expected four comma-separated numbers, got {raw!r}")
        try:
            values = [float(p) for p in parts]
        except (TypeError, ValueError) as exc:
            raise HeuristicConfigError(f"expected four numbers, got {raw!r}") from exc
        low, moderate, severe, critical = values
        return cls(low, moderate, severe, critical, ascending=ascending)


class Heuristic(ABC):
    """Base class of a deterministic rule. The class docstring is the rule's help text.

    Contract: :meth:`evaluate` returns ``None`` when the rule does not apply (the only "n/a"
    signal) and a :class:`RuleFinding` otherwise. It may raise: the engine isolates every rule and
    records a crash as a ``heuristic_error`` note without aborting the investigation.
    """

    id: ClassVar[str]
    title: ClassVar[str]
    #: Signal codes (or code prefixes ending in ``.``) or fact keys; the rule runs only if one is present.
    requires: ClassVar[frozenset[str]] = frozenset()
    #: Platforms the rule is meant for; empty means every platform.
    platforms: ClassVar[frozenset[PipelineType]] = frozenset()
    default_thresholds: ClassVar[Mapping[str, SeverityThresholds]] = {}
    default_params: ClassVar[Mapping[str, float]] = {}
    #: Per parameter, the least value an override can take effect at, and why (lower is refused).
    param_floors: ClassVar[Mapping[str, tuple[float, str]]] = {}
    #: The rule reports how the operator saw a failure, not its cause (see ``RuleFinding.symptom``).
    symptom: ClassVar[bool] = False
    #: Ceiling on the confidence of this rule's root cause, for rules whose category the evidence
    #: they read cannot settle (a heartbeat timeout: a node that died, or a threshold set too tight).
    max_confidence: ClassVar[int] = 95
    #: Rule ids this rule's findings explain away; the registry checks each names a loaded rule.
    supersedes: ClassVar[tuple[str, ...]] = ()
    #: Those of ``supersedes`` whose findings corroborate this one (a skew behind an OOM): they are
    #: shown under this finding, not dismissed.
    supports: ClassVar[tuple[str, ...]] = ()

    def __init__(self, overrides: Mapping[str, Any] | None = None) -> None:
        """Apply config overrides, failing fast with a message naming the rule and key."""
        self.thresholds: dict[str, SeverityThresholds] = dict(self.default_thresholds)
        self.params: dict[str, float] = dict(self.default_params)
        for key, raw in (overrides or {}).items():
            if key in self.default_thresholds:
                try:
                    self.thresholds[key] = SeverityThresholds.parse(
                        raw, ascending=self.default_thresholds[key].ascending
                    )
                except HeuristicConfigError as exc:
                    raise HeuristicConfigError(f"heuristic {self.id!r}, key {key!r}: {exc}") from exc
            elif key in self.default_params:
                try:
                    self.params[key] = float(raw)
                except (TypeError, ValueError) as exc:
                    raise HeuristicConfigError(
                        f"heuristic {self.id!r}, key {key!r}: expected a number, got {raw!r}"
                    ) from exc
                floor, why = self.param_floors.get(key, (-math.inf, ""))
                if self.params[key] < floor:
                    raise HeuristicConfigError(
                        f"heuristic {self.id!r}, key {key!r}: {self.params[key]:g} is below {floor:g}, "
                        f"the least that takes effect ({why})"
                    )
            else:
                known = sorted([*self.default_thresholds, *self.default_params])
                raise HeuristicConfigError(
                    f"heuristic {self.id!r} has no setting {key!r} (known: {', '.join(known) or 'none'})"
                )

    def applies(self, bundle: EvidenceBundle) -> bool:
        """Whether the evidence this rule needs is present."""
        if self.platforms and bundle.pipeline_type not in self.platforms:
            return False
        if not self.requires:
            return True
        return any(bundle.has_signal(code) or code in bundle.facts for code in self.requires)

    @abstractmethod
    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Return a finding, or ``None`` when the rule does not apply."""

    def finding(
        self,
        *,
        title: str,
        severity: Severity,
        category: Category,
        transience: Transience,
        likelihood: int,
        summary: str,
        signals: Iterable[Signal] = (),
        lines: Iterable[LogLine] = (),
        evidence_ids: Iterable[str] = (),
        details: Iterable[tuple[str, str]] = (),
        immediate_fix: str = "",
        change: str = "",
        prevention: str = "",
        monitoring: str = "",
        supersedes: Iterable[str] | None = None,
        counter_evidence: str = "",
        immediate_fix_code: Iterable[CodeBlock] = (),
        change_code: Iterable[CodeBlock] = (),
        ruled_out: Iterable[tuple[str, str]] = (),
        measured: Iterable[tuple[str, str]] = (),
        max_confidence: int | None = None,
    ) -> RuleFinding:
        """Build a finding citing ``lines``, then the lines of ``signals`` (deduplicated, in order).

        It explains away the class's ``supersedes`` (checked at load) unless ``supersedes`` gives
        this finding's own list; the built-in rules only narrow the declaration that way. Of those,
        the class's ``supports`` corroborate it, and ``ruled_out`` gives, per rule id, why the
        alternative a reader would raise does not hold (one or two sentences of its own).
        ``max_confidence`` lowers the class's ceiling for this finding's evidence alone.
        """
        explains = tuple(self.supersedes if supersedes is None else supersedes)
        cited: list[LogLine] = []
        ids: list[str] = []
        for line in lines:
            if line not in cited:
                cited.append(line)
        for signal in signals:
            for line in signal.lines:
                if line not in cited:
                    cited.append(line)
            if signal.evidence_id and signal.evidence_id not in ids:
                ids.append(signal.evidence_id)
        ids.extend(i for i in evidence_ids if i not in ids)
        return RuleFinding(
            rule_id=self.id,
            title=title,
            severity=severity,
            category=category,
            transience=transience,
            likelihood=max(0, min(100, likelihood)),
            summary=summary,
            evidence=tuple(cited[:8]),
            evidence_ids=tuple(ids),
            details=tuple(details),
            immediate_fix=immediate_fix,
            change=change,
            prevention=prevention,
            monitoring=monitoring,
            supersedes=explains,
            counter_evidence=counter_evidence,
            symptom=self.symptom,
            max_confidence=self.max_confidence if max_confidence is None else max_confidence,
            immediate_fix_code=tuple(immediate_fix_code),
            change_code=tuple(change_code),
            supports=tuple(r for r in self.supports if r in explains),
            ruled_out=tuple((r, why) for r, why in ruled_out if r in explains),
            measured=tuple(measured),
        )


class SignalRule(Heuristic):
    """A rule about the signals of the codes it ``reads``: it is judged only on their hits.

    ``requires`` is derived from ``reads``, so the gate and the hits cannot disagree, and the
    "no hits, no finding" check lives here once instead of opening every rule.
    """

    #: Signal codes in order of preference: the hits of the first code present are judged.
    reads: ClassVar[tuple[str, ...]] = ()
    #: Judge the hits of every code in ``reads`` together (in bundle order) instead.
    read_together: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Derive ``requires`` from ``reads``; declaring both is an error, not a silent choice."""
        super().__init_subclass__(**kwargs)
        if "reads" in cls.__dict__:
            if "requires" in cls.__dict__:
                raise TypeError(f"{cls.__name__} declares both reads and requires: requires comes from reads")
            cls.requires = frozenset(cls.reads)

    def hits(self, bundle: EvidenceBundle) -> list[Signal]:
        """The signals this rule is judged on (empty when none of ``reads`` is present)."""
        if self.read_together:
            return bundle.signals_with(*self.reads)
        return next((found for code in self.reads if (found := bundle.signals_with(code))), [])

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """:meth:`judge` over the hits, or ``None`` without any."""
        hits = self.hits(bundle)
        return self.judge(bundle, hits) if hits else None

    @abstractmethod
    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Return a finding from ``hits`` (never empty), or ``None`` when they do not make one."""
