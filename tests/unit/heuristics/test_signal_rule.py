"""``SignalRule``: the gate is derived from ``reads`` and the rule is judged on exactly the hits it reads."""

from __future__ import annotations

import pytest

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    FailureContext,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import SignalRule
from airflow_pipeline_debugger.heuristics.registry import build_heuristics


class _Echo(SignalRule):
    """Quotes the messages of the hits it was handed, so a test can see which ones they were."""

    id = "test.echo"
    title = "Echo"
    reads = ("test.first", "test.second")

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        return self.finding(
            title="echo",
            severity=Severity.LOW,
            category=Category.UNKNOWN,
            transience=Transience.UNKNOWN,
            likelihood=10,
            summary=" ".join(s.message for s in hits),
        )


class _EchoTogether(_Echo):
    """The same codes, read together."""

    id = "test.echo_together"
    read_together = True


def _bundle(*codes: str) -> EvidenceBundle:
    bundle = EvidenceBundle(context=FailureContext())
    bundle.signals.extend(Signal(code, f"{code}#{n}") for n, code in enumerate(codes))
    return bundle


@pytest.mark.parametrize(
    ("rule", "codes", "summary"),
    [
        (_Echo, ("test.second", "test.first", "test.first"), "test.first#1 test.first#2"),
        (_Echo, ("test.second", "test.other"), "test.second#0"),
        (_Echo, ("test.other",), None),
        (_Echo, (), None),
        (_EchoTogether, ("test.second", "test.other", "test.first"), "test.second#0 test.first#2"),
        (_EchoTogether, ("test.other",), None),
    ],
)
def test_judged_on_the_hits_it_reads(rule: type[_Echo], codes: tuple[str, ...], summary: str | None):
    """First code present wins unless read together; no hit at all is no finding (judge never runs)."""
    finding = rule().evaluate(_bundle(*codes))
    assert (finding.summary if finding else None) == summary


def test_requires_is_derived_from_reads():
    assert _Echo.requires == frozenset({"test.first", "test.second"})
    assert _EchoTogether.requires == _Echo.requires
    assert _Echo().applies(_bundle("test.second"))
    assert not _Echo().applies(_bundle("test.other"))


def test_every_builtin_signal_rule_gates_on_what_it_reads():
    """A built-in rule's gate never lets it run without the signals it is judged on (and vice versa)."""
    rules = [r for r in build_heuristics() if isinstance(r, SignalRule)]
    assert len(rules) >= 40
    for rule in rules:
        assert rule.requires == frozenset(rule.reads), rule.id


def test_declaring_both_reads_and_requires_is_refused():
    with pytest.raises(TypeError, match="both reads and requires"):

        class _Both(SignalRule):
            id = "test.both"
            reads = ("test.first",)
            requires = frozenset({"test.other"})

            def judge(self, bundle, hits):
                return None
