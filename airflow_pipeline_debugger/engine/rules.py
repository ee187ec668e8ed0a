"""Run every heuristic over a bundle, each in isolation.

A rule whose evidence is absent is skipped; a rule that raises is recorded as a ``heuristic_error``
note and the investigation goes on, so one broken (possibly third-party) rule never hides what the
others found.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.domain import EvidenceBundle, RuleFinding
from airflow_pipeline_debugger.heuristics.base import Heuristic
from airflow_pipeline_debugger.heuristics.registry import build_heuristics

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HeuristicError:
    """A rule that crashed: which one and what it raised."""

    rule_id: str
    error: str

    def note(self) -> str:
        """The note stored with the investigation (``heuristic_error: <rule>: <error>``)."""
        return f"heuristic_error: {self.rule_id}: {self.error}"


@dataclass
class RulesOutcome:
    """What the rules concluded: findings ordered by likelihood, crashes, and rules that did not apply."""

    findings: list[RuleFinding] = field(default_factory=list)
    errors: list[HeuristicError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    not_matched: list[str] = field(default_factory=list)
    elapsed_ms: float = 0.0

    @property
    def notes(self) -> list[str]:
        """One note per crashed rule."""
        return [e.note() for e in self.errors]


def run_rules(bundle: EvidenceBundle, heuristics: Iterable[Heuristic]) -> RulesOutcome:
    """Evaluate each heuristic over ``bundle``.

    ``applies`` false → skipped; ``evaluate`` returning ``None`` → not matched; any exception from
    either → a :class:`HeuristicError`. Findings come back sorted by likelihood, then severity,
    highest first (stable, so catalogue order breaks ties).
    """
    started = time.perf_counter()
    outcome = RulesOutcome()
    for rule in heuristics:
        rule_id = getattr(rule, "id", type(rule).__name__)
        try:
            if not rule.applies(bundle):
                outcome.skipped.append(rule_id)
                continue
            finding = rule.evaluate(bundle)
        except Exception as exc:  # a crashing rule is data, never fatal
            log.warning("Heuristic %s crashed: %s", rule_id, exc, exc_info=True)
            outcome.errors.append(HeuristicError(rule_id, f"{type(exc).__name__}: {exc}"))
            continue
        if finding is None:
            outcome.not_matched.append(rule_id)
        elif isinstance(finding, RuleFinding):
            outcome.findings.append(finding)
        else:
            outcome.errors.append(
                HeuristicError(rule_id, f"returned {type(finding).__name__}, expected RuleFinding or None")
            )
    outcome.findings.sort(key=lambda f: (f.likelihood, f.severity), reverse=True)
    outcome.elapsed_ms = (time.perf_counter() - started) * 1000
    return outcome


def load_heuristics(params: Mapping[str, Mapping[str, Any]] | None = None) -> list[Heuristic]:
    """Build the rule set (built-ins, entry points, ``extra_heuristics``) with threshold overrides.

    Reads ``[pipeline_debugger] heuristic_params`` when ``params`` is not given. Raises
    :class:`~airflow_pipeline_debugger.heuristics.base.HeuristicConfigError` on a bad override so the
    runner and the CLI fail at start-up, naming the rule and key.
    """
    if params is None:
        params = conf.heuristic_params()
    return build_heuristics(params, extra_paths=conf.extra_heuristics())
