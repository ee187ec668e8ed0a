from __future__ import annotations

import pytest
from engine_builders import FixedRule, make_bundle, rule

from airflow_pipeline_debugger.domain import (
    Category,
    CodeBlock,
    CodeLanguage,
    Evidence,
    EvidenceKind,
    HypothesisStatus,
    PipelineType,
    Transience,
)
from airflow_pipeline_debugger.engine.deterministic import investigate
from airflow_pipeline_debugger.engine.rules import run_rules


def run(bundle, *rules):
    return investigate(bundle, run_rules(bundle, rules))


def by_title(result, title):
    return next(h for h in result.hypotheses if h.title == title)


class TestRootCause:
    def test_single_rule_is_the_root_cause_with_citations(self):
        result = run(make_bundle(), FixedRule())
        rc = result.root_cause
        assert rc.rule_id == "test.fixed"
        assert rc.category is Category.CONFIG
        assert "E1:L3" in rc.evidence
        assert 3 <= len(result.hypotheses) <= 5
        assert result.remediation.immediate_fix == "Raise spark.executor.memory."
        assert result.engine == "deterministic"

    def test_superseded_finding_is_dismissed_with_a_reason_of_its_own(self):
        skew = rule("spark.skew", likelihood=85, category=Category.DATA, supersedes=("test.fixed",))
        result = run(make_bundle(), FixedRule(), skew)
        assert result.root_cause.rule_id == "spark.skew"
        oom = by_title(result, "Executor out of memory")
        assert oom.status is HypothesisStatus.DISMISSED
        assert oom.reasoning == "An effect of Title of spark.skew, not a separate cause."
        assert any(d["rule_id"] == "test.fixed" for d in result.root_cause.dismissed)
        assert result.remediation.change == "change for spark.skew"

    def test_a_symptom_is_explained_away_by_a_stronger_cause(self):
        # The bash exit code / operator exception of a failing dbt build is how Airflow saw it fail.
        wrapper = rule("airflow.command_failed", likelihood=50, symptom=True)
        cause = rule("dbt.missing_ref", likelihood=92, category=Category.CODE)
        result = run(make_bundle(), wrapper, cause)
        assert result.root_cause.rule_id == "dbt.missing_ref"
        seen = by_title(result, "Title of airflow.command_failed")
        assert seen.status is HypothesisStatus.DISMISSED
        assert seen.reasoning.startswith("How the operator reported the failure, not why it failed")

    def test_a_symptom_stands_against_weaker_findings(self):
        wrapper = rule("generic.python_exception", likelihood=60, symptom=True)
        weak = rule("spark.gc_pressure", likelihood=30, category=Category.CONFIG)
        result = run(make_bundle(), wrapper, weak)
        assert result.root_cause.rule_id == "generic.python_exception"
        assert by_title(result, "Title of generic.python_exception").status is HypothesisStatus.CONFIRMED

    def test_an_error_no_rule_recognises_is_the_task_s_own_at_low_confidence(self):
        """The guide's tie-break: nothing shows the input, set-up or platform at fault → code, weakly."""
        result = run(make_bundle(signals=()))
        rc = result.root_cause
        assert (rc.rule_id, rc.category) == ("alternative.own_error", Category.CODE)
        assert rc.confidence <= 35
        assert rc.evidence == ["E1:L3"]
        assert "OutOfMemoryError" in rc.title
        assert rc.evidence_gaps
        own = by_title(result, rc.title)
        assert own.status is HypothesisStatus.CONFIRMED and own.evidence == ["E1:L3"]
        assert 3 <= len(result.hypotheses) <= 5
        assert "Read the error the task ended with at E1:L3" in result.remediation.immediate_fix

    def test_an_open_hypothesis_of_another_category_keeps_the_answer_unknown(self):
        weak = rule("x.data", likelihood=45, category=Category.DATA)
        result = run(make_bundle(signals=()), weak)
        assert by_title(result, "Title of x.data").status is HypothesisStatus.INCONCLUSIVE
        assert result.root_cause.category is Category.UNKNOWN
        assert result.root_cause.confidence <= 30

    def test_no_evidence_at_all_is_unknown_and_says_the_log_is_missing(self):
        result = run(make_bundle(log="", signals=()))
        assert result.root_cause.category is Category.UNKNOWN
        assert result.root_cause.confidence <= 30
        assert any("No task log" in g for g in result.root_cause.evidence_gaps)

    def test_log_that_stops_without_an_error_points_at_a_kill_from_outside(self):
        log = "INFO Running with dbt=1.11\n\x1b[0mINFO 1 of 18 START sql view model stg_customers [RUN]\n"
        result = run(make_bundle(log=log, signals=()))
        rc = result.root_cause
        assert rc.category is Category.UNKNOWN and rc.confidence <= 10
        gap = next(g for g in rc.evidence_gaps if g.startswith("The log ends at E1:L2"))
        assert "1 of 18 START" in gap and "\x1b" not in gap and "signal" in gap
        assert "exit code or signal" in result.remediation.immediate_fix
        resources = by_title(result, "Resource limits (memory, disk)")
        assert resources.status is HypothesisStatus.INCONCLUSIVE and "stops at E1:L2" in resources.reasoning

    def test_a_log_with_an_error_has_no_abrupt_end_gap(self):
        result = run(make_bundle(signals=()))
        assert not any(g.startswith("The log ends at") for g in result.root_cause.evidence_gaps)
        assert "Read the error the task ended with at E1:L3" in result.remediation.immediate_fix

    def test_structured_error_is_named_when_log_is_missing(self):
        result = run(make_bundle(log="", signals=(), error_type="KeyError", error_message="'region'"))
        assert "KeyError" in result.root_cause.title

    def test_weak_uncited_finding_is_not_confirmed(self):
        result = run(make_bundle(signals=()), rule("x.weak", likelihood=70, cite=()))
        h = by_title(result, "Title of x.weak")
        assert h.status is HypothesisStatus.INCONCLUSIVE
        assert result.root_cause.rule_id != "x.weak"

    def test_crashed_rule_is_a_note_and_a_gap(self):
        result = run(make_bundle(), FixedRule(), rule("x.boom", raises=RuntimeError("bad")))
        assert result.notes == ["heuristic_error: x.boom: RuntimeError: bad"]
        assert any("x.boom" in g for g in result.root_cause.evidence_gaps)
        assert result.root_cause.rule_id == "test.fixed"


class TestHistoryAndChanges:
    def test_code_change_since_last_success_raises_code_hypothesis(self):
        facts = {"changes": {"code_changed": True, "config_changed": False, "changed": ["dags/sales.py"]}}
        base = run(make_bundle(), rule("c.bug", likelihood=60))
        changed = run(make_bundle(facts=facts), rule("c.bug", likelihood=60))
        assert by_title(changed, "Title of c.bug").likelihood > by_title(base, "Title of c.bug").likelihood
        alt = by_title(changed, "Recent code or config change")
        assert "dags/sales.py" in " ".join(alt.evidence_for)

    def test_no_change_dismisses_recent_change_alternative(self):
        ev = Evidence(id="", kind=EvidenceKind.DIFF, name="diff", source="db", content="no changes")
        facts = {"changes": {"code_changed": False, "config_changed": False}}
        result = run(make_bundle(facts=facts, extra_evidence=(ev,), signals=()), rule("c.bug", likelihood=60))
        alt = by_title(result, "Recent code or config change")
        assert alt.status is HypothesisStatus.DISMISSED
        assert "E2" in alt.evidence

    def test_signature_resolved_on_retry_raises_transience(self):
        ev = Evidence(id="", kind=EvidenceKind.RUN_HISTORY, name="history", source="db")
        facts = {"history": {"seen_before": True, "resolved_on_retry": True, "last_outcome": "success"}}
        bundle = make_bundle(
            facts=facts,
            extra_evidence=(ev,),
            signals=(("generic.connection_reset", 3),),
            pipeline_type=PipelineType.AIRFLOW,
        )
        result = run(bundle)
        assert result.root_cause.category is Category.INFRA
        assert result.root_cause.transience is Transience.TRANSIENT
        assert result.root_cause.confidence <= 50
        assert "E2" in result.root_cause.evidence

    def test_permanent_rule_with_retry_history_becomes_intermittent(self):
        facts = {"history": {"seen_before": True, "resolved_on_retry": True}}
        result = run(make_bundle(facts=facts), rule("c.bug", likelihood=90))
        assert result.root_cause.rule_id == "c.bug"
        assert result.root_cause.transience is Transience.INTERMITTENT

    def test_strong_code_error_dismisses_transient_alternative(self):
        facts = {"history": {"seen_before": True, "resolved_on_retry": False}}
        result = run(make_bundle(facts=facts, signals=()), rule("c.bug", likelihood=80))
        alt = by_title(result, "Transient infrastructure problem")
        assert alt.status is HypothesisStatus.DISMISSED
        assert "E1:L3" in alt.evidence


class TestAlternativesAndGaps:
    def test_alternatives_fill_up_when_rules_leave_room(self):
        result = run(make_bundle(signals=()), rule("c.bug", likelihood=60))
        assert len(result.hypotheses) == 5

    def test_decisive_rule_keeps_three_hypotheses(self):
        result = run(make_bundle(signals=()), rule("c.bug", likelihood=95))
        assert len(result.hypotheses) == 3

    def test_resource_alternative_confirmed_from_oom_signal_without_rule(self):
        result = run(make_bundle())
        alt = by_title(result, "Resource limits (memory, disk)")
        assert alt.status is HypothesisStatus.CONFIRMED
        assert alt.evidence == ["E1:L3"]

    def test_resource_alternative_dismissed_by_ordinary_error(self):
        log = "INFO go\nTraceback (most recent call last):\nKeyError: 'region'"
        result = run(make_bundle(log=log, signals=(), pipeline_type=PipelineType.AIRFLOW))
        alt = by_title(result, "Resource limits (memory, disk)")
        assert alt.status is HypothesisStatus.DISMISSED
        # The traceback's header is read past: the exception line says what the error was.
        assert "E1:L3" in alt.evidence
        assert "KeyError: 'region'" in alt.reasoning

    def test_spark_oom_without_event_log_is_a_gap(self):
        result = run(make_bundle(), FixedRule())
        assert any("Spark event log" in g and "skew" in g for g in result.root_cause.evidence_gaps)

    def test_dbt_without_run_results_is_a_gap(self):
        result = run(make_bundle(pipeline_type=PipelineType.DBT, signals=()))
        assert any("run_results.json" in g for g in result.root_cause.evidence_gaps)

    def test_collection_error_and_truncation_are_gaps(self):
        broken = Evidence(
            id="",
            kind=EvidenceKind.COLLECTION_ERROR,
            name="manifest.json",
            source="x",
            content="malformed JSON at byte 12",
        )
        bundle = make_bundle(extra_evidence=(broken,))
        bundle.evidence[0].truncated = True
        result = run(bundle, FixedRule())
        gaps = " ".join(result.root_cause.evidence_gaps)
        assert "manifest.json (E2): malformed JSON" in gaps
        assert "truncated" in gaps

    def test_gaps_lower_confidence(self):
        full = make_bundle(facts={"history": {"seen_before": False}, "changes": {"code_changed": False}})
        bare = make_bundle()
        # Measured facts make the finding specific, so the gaps, not the generic-pattern cap, decide.
        specific = {"measured": (("E1:L3", "stage 3: 4 of 4 tasks OOM"),)}
        assert (
            run(full, rule("c.bug", **specific)).root_cause.confidence
            > run(bare, rule("c.bug", **specific)).root_cause.confidence
        )

    def test_diagnostic_commands_come_from_the_bundle(self):
        bundle = make_bundle()
        bundle.diagnostic_commands.append("spark-submit --status app-1")
        assert run(bundle, FixedRule()).remediation.diagnostic_commands == ["spark-submit --status app-1"]

    def test_to_json_keeps_the_contract_keys(self):
        data = run(make_bundle(), FixedRule()).to_json()
        assert {
            "pipeline_type",
            "category",
            "transience",
            "root_cause",
            "hypotheses",
            "remediation",
            "signals",
        } <= set(data)
        assert {"title", "summary", "confidence", "evidence"} <= set(data["root_cause"])


class TestCoverage:
    def test_superseded_resource_rule_still_covers_the_resource_alternative(self):
        oom = rule("spark.executor_oom", likelihood=75, category=Category.CONFIG)
        skew = rule("spark.skew", likelihood=85, category=Category.DATA, supersedes=("spark.executor_oom",))
        result = run(make_bundle(), oom, skew)
        titles = [h.title for h in result.hypotheses]
        assert "Resource limits (memory, disk)" not in titles
        assert "Upstream data problem" not in titles

    def test_line_citations_replace_bare_evidence_ids(self):
        result = run(make_bundle(), FixedRule())
        assert result.root_cause.evidence == ["E1:L3"]


def test_detail_reasons_end_each_sentence_once():
    """A detail value that ends in its own full stop (Spark's and dbt's messages do) gets no second one."""
    detail = ("exception", "Py4JJavaError: An error occurred while calling o44.collectToPython.")
    result = run(make_bundle(), rule("x.detail", details=(detail,)))
    reasons = [r for h in result.hypotheses for r in h.evidence_for]
    assert "exception: Py4JJavaError: An error occurred while calling o44.collectToPython." in reasons


class TestReasoningRecord:
    """Issue 17: hypotheses read as a record of the reasoning, not a wall of repeated text."""

    def skew_over(self, *, supports=(), ruled_out=(), measured=()):
        return rule(
            "spark.skew",
            likelihood=85,
            category=Category.DATA,
            supersedes=("test.fixed", "spark.gc"),
            supports=supports,
            ruled_out=ruled_out,
            measured=measured,
        )

    @pytest.mark.parametrize(
        ("supports", "ruled_out", "gc_reason", "memory_reason"),
        [
            # A corroborating finding sits under the claim it supports; the rival keeps its own reason.
            (("spark.gc",), (("test.fixed", "Memory is not too small."),), None, "Memory is not too small."),
            # Without a declaration both are effects, each said in one sentence of their own.
            (
                (),
                (),
                "An effect of Title of spark.skew, not a separate cause.",
                "An effect of Title of spark.skew, not a separate cause.",
            ),
        ],
    )
    def test_supporting_and_ruled_out_findings(self, supports, ruled_out, gc_reason, memory_reason):
        gc = rule("spark.gc", likelihood=40, category=Category.CONFIG)
        result = run(make_bundle(), FixedRule(), gc, self.skew_over(supports=supports, ruled_out=ruled_out))
        top = result.hypotheses[0]
        assert top.rule_id == "spark.skew" and top.status is HypothesisStatus.CONFIRMED
        titles = [h.title for h in result.hypotheses]
        dismissed = {d["rule_id"]: d["reason"] for d in result.root_cause.dismissed}
        if gc_reason is None:
            assert top.supporting == [
                {"title": "Title of spark.gc", "rule_id": "spark.gc", "evidence": ["E1:L3"]}
            ]
            assert "Title of spark.gc" not in titles and "spark.gc" not in dismissed
        else:
            assert top.supporting == []
            assert dismissed["spark.gc"] == gc_reason
        assert dismissed["test.fixed"] == memory_reason
        for reason in dismissed.values():  # never the root cause's paragraph, never cut
            assert "Summary of spark.skew" not in reason and "…" not in reason

    def test_the_alternative_a_reader_would_raise_comes_before_mere_effects(self):
        effect = rule("spark.effect", likelihood=80, category=Category.INFRA)  # ranked above the rival
        skew = rule(
            "spark.skew",
            likelihood=85,
            category=Category.DATA,
            supersedes=("spark.effect", "test.fixed"),
            ruled_out=(("test.fixed", "Memory is not too small."),),
        )
        result = run(make_bundle(), effect, FixedRule(), skew)
        dismissed = [h.rule_id for h in result.hypotheses if h.status is HypothesisStatus.DISMISSED]
        assert dismissed.index("test.fixed") < dismissed.index("spark.effect")

    def test_confirmed_reasoning_cites_without_repeating_the_summary(self):
        result = run(make_bundle(), FixedRule())
        top = by_title(result, "Executor out of memory")
        assert top.reasoning == "Confirmed by the evidence it cites."
        assert top.evidence == ["E1:L3"]

    def test_justification_explains_likelihood_against_confidence(self):
        result = run(make_bundle(), FixedRule())
        rc, top = result.root_cause, result.hypotheses[0]
        assert rc.justification.startswith(f"Confidence {rc.confidence}% is this hypothesis's likelihood")
        assert f"({top.likelihood}%, how well it alone fits the evidence)" in rc.justification

    def test_measured_facts_are_cited_first(self):
        fact = ("E2", "Stage 2: largest task read 134x the median")
        result = run(make_bundle(), self.skew_over(measured=(fact,)))
        rc = result.root_cause
        assert rc.facts == [{"cite": "E2", "text": fact[1]}]
        assert rc.evidence[0] == "E2" and "E1:L3" in rc.evidence

    def test_fix_code_reaches_the_remediation(self):
        block = CodeBlock("dbt build --select stg+", CodeLanguage.SHELL, changes_state=True)
        result = run(make_bundle(), rule("dbt.fix", fix_code=(block,)))
        assert result.remediation.immediate_fix_code == [block]
        assert result.to_json()["remediation"]["immediate_fix_code"] == [
            {"language": "shell", "code": block.code, "changes_state": True, "placeholders": []}
        ]

    @pytest.mark.parametrize(
        ("code", "network"),
        [("airflow.missing_connection", False), ("generic.connection_refused", True)],
    )
    def test_a_missing_connection_is_not_a_network_signal(self, code, network):
        bundle = make_bundle(signals=((code, 3),), pipeline_type=PipelineType.AIRFLOW)
        result = run(bundle)
        transient = by_title(result, "Transient infrastructure problem")
        assert ("Network or timeout signals" in transient.reasoning) is network

    def test_network_errors_after_a_deterministic_error_are_its_effects(self):
        # Line 3 is the OutOfMemoryError the rule cites; the connection reset on line 5 comes after it.
        bundle = make_bundle(signals=(("spark.executor_oom", 3), ("generic.connection_reset", 5)))
        result = run(bundle, rule("spark.skew", likelihood=85, category=Category.DATA))
        transient = by_title(result, "Transient infrastructure problem")
        assert transient.status is HypothesisStatus.DISMISSED
        assert "E1:L5) come after it in the log: its effects, not a blip." in transient.reasoning
