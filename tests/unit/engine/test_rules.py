from __future__ import annotations

from engine_builders import FixedRule, make_bundle, rule

from airflow_pipeline_debugger.engine.rules import run_rules


class TestRunRules:
    def test_findings_are_sorted_by_likelihood(self):
        outcome = run_rules(make_bundle(), [rule("a.low", likelihood=40), rule("b.high", likelihood=90)])
        assert [f.rule_id for f in outcome.findings] == ["b.high", "a.low"]

    def test_rule_whose_evidence_is_absent_is_skipped(self):
        outcome = run_rules(make_bundle(signals=()), [FixedRule()])
        assert outcome.skipped == ["test.fixed"]
        assert outcome.findings == []

    def test_rule_returning_none_is_not_matched(self):
        outcome = run_rules(make_bundle(), [rule("x.none", returns_none=True)])
        assert outcome.not_matched == ["x.none"]

    def test_crashing_rule_is_recorded_and_others_still_run(self):
        outcome = run_rules(
            make_bundle(), [rule("x.boom", raises=KeyError("stage_id")), rule("y.ok", likelihood=60)]
        )
        assert [f.rule_id for f in outcome.findings] == ["y.ok"]
        assert outcome.notes == ["heuristic_error: x.boom: KeyError: 'stage_id'"]

    def test_rule_returning_wrong_type_is_an_error(self):
        bad = rule("x.bad")
        type(bad).evaluate = lambda self, bundle: "oops"  # type: ignore[method-assign,assignment]
        outcome = run_rules(make_bundle(), [bad])
        assert outcome.findings == []
        assert "returned str" in outcome.errors[0].error

    def test_crash_in_applies_is_isolated(self):
        broken = rule("x.applies")
        type(broken).applies = lambda self, bundle: 1 / 0  # type: ignore[method-assign]
        outcome = run_rules(make_bundle(), [broken, FixedRule()])
        assert [f.rule_id for f in outcome.findings] == ["test.fixed"]
        assert outcome.errors[0].rule_id == "x.applies"
