"""Calibration: a root cause reaches the confident band (70+) only on specific evidence.

Table-driven over hand-built findings: the same likelihood is capped at ``GENERIC_CONFIDENCE_CAP``
when the finding is a generic pattern match, and keeps its confidence when measured facts, a second
source, a name the evidence says verbatim, or a documented code of the same category support it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from engine_builders import make_bundle

from airflow_pipeline_debugger.domain import (
    Category,
    Evidence,
    EvidenceBundle,
    EvidenceKind,
    LogLine,
    RuleFinding,
    Severity,
    Transience,
)
from airflow_pipeline_debugger.engine.deterministic import (
    GENERIC_CONFIDENCE_CAP,
    investigate,
    specific_evidence,
)
from airflow_pipeline_debugger.engine.rules import run_rules
from airflow_pipeline_debugger.heuristics.base import Heuristic

LOG = "\n".join(
    [
        "INFO starting export",
        "ERROR the export refused to write table restricted_orders",
        "ERROR Encountered an error:",
        'ERROR HTTP 503 Service Unavailable from "partner-api.example.com"',
        "ERROR java.lang.OutOfMemoryError: Java heap space",
    ]
)
#: Facts that leave no evidence gap, so the likelihood alone meets the cap.
FULL_FACTS = {"history": {"seen_before": False}, "changes": {"code_changed": False}}


class _Finding(Heuristic):
    """A test rule citing given lines of the log with a given title and category."""

    id = "test.calibrated"
    title = "calibrated"

    def __init__(
        self,
        title: str,
        cite: Sequence[int],
        category: Category = Category.CONFIG,
        measured: tuple[tuple[str, str], ...] = (),
        evidence_ids: tuple[str, ...] = (),
        likelihood: int = 90,
    ) -> None:
        super().__init__()
        self._title, self._cite, self._category, self._likelihood = title, cite, category, likelihood
        self._measured, self._ids = measured, evidence_ids

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        lines = LOG.splitlines()
        return self.finding(
            title=self._title,
            severity=Severity.SEVERE,
            category=self._category,
            transience=Transience.PERMANENT,
            likelihood=self._likelihood,
            summary="summary",
            lines=[LogLine("E1", n, lines[n - 1]) for n in self._cite],
            evidence_ids=self._ids,
            measured=self._measured,
        )


def _bundle() -> EvidenceBundle:
    second = Evidence(id="", kind=EvidenceKind.DBT_RESULTS, name="run_results.json", source="t", content="{}")
    return make_bundle(log=LOG, signals=(), facts=dict(FULL_FACTS), extra_evidence=(second,))


CASES = [
    # (id, rule, specific?)
    ("generic shape only", _Finding("The task was denied access", [3]), False),
    ("a name the evidence says", _Finding("No grant on restricted_orders", [2]), True),
    ("a name the evidence does not say", _Finding("No grant on 'orders_archive'", [2, 3]), False),
    ("a quoted name the evidence says", _Finding("Service 'partner-api.example.com' down", [4]), True),
    ("a header with no code", _Finding("Compilation error in the project", [3], Category.CODE), False),
    ("a documented code of the same category", _Finding("The service was down", [4], Category.INFRA), True),
    ("a documented code of another category", _Finding("The service was down", [4], Category.CODE), False),
    ("measured facts", _Finding("Executor memory", [5], measured=(("E1:L5", "4 of 4 tasks OOM"),)), True),
    ("a second source", _Finding("The task was denied access", [3], evidence_ids=("E2",)), True),
]


@pytest.mark.parametrize(("rule", "specific"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_confident_only_on_specific_evidence(rule: _Finding, specific: bool) -> None:
    """Likelihood 90 with no gap: 90 when the evidence is specific, the generic cap otherwise."""
    bundle = _bundle()
    outcome = run_rules(bundle, [rule])
    root = investigate(bundle, outcome).root_cause
    assert root.rule_id == "test.calibrated"
    if specific:
        assert root.confidence > GENERIC_CONFIDENCE_CAP
        assert "specific evidence:" in root.justification
    else:
        assert root.confidence == GENERIC_CONFIDENCE_CAP
        assert "generic pattern match" in root.justification


def test_the_cap_never_raises_a_confidence() -> None:
    """A generic finding already under the cap keeps what the evidence gave it."""
    bundle = make_bundle(log=LOG, signals=(), facts=dict(FULL_FACTS))
    rule = _Finding("The task was denied access", [3], likelihood=60)
    root = investigate(bundle, run_rules(bundle, [rule])).root_cause
    assert root.confidence < GENERIC_CONFIDENCE_CAP
    assert "generic pattern" not in root.justification


@pytest.mark.parametrize(
    ("title", "line", "expected"),
    [
        ("Column `customer_id` is missing", "column customer_id does not exist", "customer_id"),
        ("Raise spark.driver.memory", "Consider spark.driver.memory", "spark.driver.memory"),
        ("Input s3://lake/orders is empty", "Path does not exist: s3://lake/orders", "s3://lake/orders"),
        ("Out of memory in the driver", "java.lang.OutOfMemoryError: the driver", ""),  # plain words
        ("Broadcast took over 300.0 s", "Could not execute broadcast in 300.0 secs", ""),  # a number
    ],
)
def test_named_objects(title: str, line: str, expected: str) -> None:
    """A name counts when it is identifier-, setting- or path-shaped and the cited line says it."""
    finding = _Finding(title, [1]).finding(
        title=title,
        severity=Severity.SEVERE,
        category=Category.CONFIG,
        transience=Transience.PERMANENT,
        likelihood=90,
        summary="s",
        lines=[LogLine("E1", 1, line)],
    )
    said = specific_evidence(finding, ["E1:L1"])
    assert (expected in said) if expected else not said
