from __future__ import annotations

import copy

import pytest
from engine_builders import make_bundle
from pydantic import ValidationError

from airflow_pipeline_debugger.domain import (
    Category,
    CodeBlock,
    CodeLanguage,
    Evidence,
    EvidenceKind,
    HypothesisStatus,
    InvestigationResult,
    Transience,
)
from airflow_pipeline_debugger.engine.schema import (
    CitationChecker,
    answer_json_schema,
    parse_answer,
    to_result,
    validate_part,
)

ANSWER = {
    "hypotheses": [
        {
            "id": "H1",
            "title": "Skewed join key",
            "description": "One key holds most rows.",
            "likelihood": 70,
            "rule_id": "spark.skew",
        },
        {"id": "H2", "title": "Executor memory too small", "description": "", "likelihood": 20},
        {"id": "H3", "title": "Node lost", "description": "", "likelihood": 10},
    ],
    "evidence_analysis": [
        {
            "hypothesis_id": "H1",
            "status": "confirmed",
            "reasoning": "Line E1:L3 shows the OOM.",
            "evidence_for": ["OOM on one executor"],
            "evidence": ["E1:L3"],
        },
        {"hypothesis_id": "H2", "status": "dismissed", "reasoning": "Only one executor died."},
        {"hypothesis_id": "H3", "status": "inconclusive", "reasoning": "No node events."},
    ],
    "root_cause": {
        "hypothesis_id": "H1",
        "title": "Data skew on customer_id",
        "summary": "Skew.",
        "confidence": 80,
        "justification": "See E1:L3.",
        "category": "data",
        "transience": "permanent",
        "evidence": ["E1:L3"],
        "dismissed": [{"hypothesis_id": "H2", "reason": "one executor only"}],
        "evidence_gaps": ["No event log"],
    },
    "remediation": {
        "immediate_fix": "Salt the key.",
        "change": "salt",
        "prevention": "p",
        "monitoring": "m",
        "diagnostic_commands": ["spark-submit --status x"],
    },
}


def answer(**changes):
    data = copy.deepcopy(ANSWER)
    for path, value in changes.items():
        node = data
        *parents, leaf = path.split("__")
        for p in parents:
            node = node[p]
        node[leaf] = value
    return data


class TestSchema:
    def test_json_schema_has_no_refs_and_category_enum(self):
        schema = answer_json_schema(["data", "code", "unknown"])
        assert "$ref" not in str(schema) and "$defs" not in schema
        assert schema["properties"]["root_cause"]["properties"]["category"]["enum"] == [
            "data",
            "code",
            "unknown",
        ]
        assert schema["properties"]["hypotheses"]["minItems"] == 3

    def test_valid_answer_converts_to_result(self):
        bundle = make_bundle()
        result = to_result(parse_answer(ANSWER), bundle, model="claude-x")
        assert result.engine == "model" and result.model == "claude-x"
        assert result.root_cause.category is Category.DATA
        assert result.root_cause.transience is Transience.PERMANENT
        assert result.root_cause.confidence == 80
        assert result.root_cause.rule_id == "spark.skew"
        assert result.root_cause.dismissed == [
            {"title": "Executor memory too small", "reason": "one executor only", "rule_id": ""}
        ]
        assert [h.status for h in result.hypotheses] == [
            HypothesisStatus.CONFIRMED,
            HypothesisStatus.DISMISSED,
            HypothesisStatus.INCONCLUSIVE,
        ]
        assert result.notes == []

    def test_code_blocks_of_the_fix_and_the_change_become_domain_blocks(self):
        code = [{"language": "python", "code": "spark.conf.set('spark.sql.adaptive.enabled', 'true')"}]
        rerun = [{"language": "shell", "code": "spark-submit job.py", "changes_state": True}]
        result = to_result(
            parse_answer(answer(remediation__immediate_fix_code=rerun, remediation__change_code=code)),
            make_bundle(),
        )
        assert result.remediation.immediate_fix_code == [CodeBlock("spark-submit job.py", changes_state=True)]
        assert result.remediation.change_code == [CodeBlock(code[0]["code"], CodeLanguage.PYTHON)]

    def test_a_stored_answer_from_before_code_blocks_reads_back(self):
        """Old rows have no code blocks, facts or supporting findings: they read as empty, and round-trip."""
        new = to_result(
            parse_answer(answer(remediation__change_code=[{"language": "sql", "code": "select 1"}])),
            make_bundle(),
        )
        back = InvestigationResult.from_json(new.to_json())
        assert (back.remediation, back.root_cause, back.hypotheses) == (
            new.remediation,
            new.root_cause,
            new.hypotheses,
        )
        old = new.to_json()
        for key in ("immediate_fix_code", "change_code"):
            del old["remediation"][key]
        del old["root_cause"]["facts"]
        for h in old["hypotheses"]:
            del h["supporting"]
        result = InvestigationResult.from_json(old)
        assert result.remediation.change_code == [] and result.root_cause.facts == []
        assert result.remediation.change == new.remediation.change

    @pytest.mark.parametrize(
        "bad",
        [
            {"remediation__change_code": [{"language": "bash", "code": "ls"}]},
            {"remediation__change_code": [{"language": "shell", "code": ""}]},
            {"hypotheses": ANSWER["hypotheses"][:2]},
            {"root_cause__confidence": 140},
            {"root_cause__transience": "sometimes"},
            {
                "hypotheses": [
                    *ANSWER["hypotheses"][:2],
                    {"id": "H3", "title": "x", "likelihood": 5, "evil": 1},
                ]
            },
        ],
    )
    def test_schema_violations_are_rejected(self, bad):
        with pytest.raises(ValidationError):
            parse_answer(answer(**bad))

    def test_category_outside_the_topology_set_is_rejected(self):
        with pytest.raises(ValueError, match="category"):
            parse_answer(answer(root_cause__category="infra"), categories=["data", "code", "unknown"])
        with pytest.raises(ValueError, match="category"):
            parse_answer(answer(root_cause__category="weather"))

    def test_reference_to_unstated_hypothesis_is_rejected(self):
        with pytest.raises(ValueError, match="H7"):
            parse_answer(answer(root_cause__hypothesis_id="H7"))

    def test_validate_part(self):
        assert validate_part("remediation", ANSWER["remediation"]).immediate_fix == "Salt the key."
        with pytest.raises(ValidationError):
            validate_part("root_cause", {"title": "x"})


class TestCitations:
    def test_unresolved_citations_are_flagged_and_lower_confidence(self):
        bundle = make_bundle()
        data = answer(root_cause__evidence=["E1:L3", "E9:L1"], root_cause__justification="see E7")
        result = to_result(parse_answer(data), bundle)
        assert result.root_cause.evidence == ["E1:L3"]
        assert result.root_cause.confidence == 60
        assert any("E9:L1" in n and "E7" in n for n in result.notes)
        assert any("lowered from 80 to 60" in n for n in result.notes)

    def test_root_cause_with_no_resolving_citation_is_capped(self):
        data = answer(root_cause__evidence=["E5"], root_cause__justification="trust me")
        result = to_result(parse_answer(data), make_bundle())
        assert result.root_cause.confidence <= 30

    def test_shown_lines_limit_citable_lines(self):
        bundle = make_bundle(signals=())
        checker = CitationChecker(bundle, shown_lines={"E1": {1, 2, 3}})
        assert checker.resolves("E1:L2")
        assert not checker.resolves("E1:L400")
        assert not checker.resolves("E1:Lx")
        assert CitationChecker(bundle).resolves("E1:L400")

    def test_a_whole_piece_is_citable_only_when_shown_and_lines_only_when_seen(self):
        bundle = make_bundle(signals=())
        bundle.add_evidence(
            Evidence(id="", kind=EvidenceKind.SPARK_EVENT_LOG, name="ev", source="s", content="x")
        )
        checker = CitationChecker(bundle, shown_lines={"E1": {1}})
        assert checker.resolves("E1") and not checker.resolves("E2")
        checker.see("E2", {1})
        assert checker.resolves("E2") and checker.resolves("E2:L1") and not checker.resolves("E2:L2")
        assert checker.seen_lines("E2") == {1}

    def test_signals_of_evidence_the_stage_may_not_read_are_not_citable(self):
        checker = CitationChecker(make_bundle(), shown_lines={}, readable_ids=set())
        assert not checker.resolves("E1:L3") and not checker.resolves("E1")

    def test_signal_lines_are_citable_even_if_not_shown(self):
        checker = CitationChecker(make_bundle(), shown_lines={})
        assert checker.resolves("E1:L3")

    def test_hypothesis_citation_problems_cost_less(self):
        data = answer()
        data["evidence_analysis"][1]["evidence"] = ["E4"]
        result = to_result(parse_answer(data), make_bundle())
        assert result.root_cause.confidence == 75
        assert result.hypotheses[1].evidence == []

    def test_root_cause_naming_a_dismissed_hypothesis_is_capped(self):
        result = to_result(parse_answer(answer(root_cause__hypothesis_id="H2")), make_bundle())
        assert result.root_cause.confidence <= 30

    def test_bundle_diagnostic_commands_come_first(self):
        bundle = make_bundle()
        bundle.diagnostic_commands.append("yarn logs -applicationId a")
        result = to_result(parse_answer(ANSWER), bundle)
        assert result.remediation.diagnostic_commands == [
            "yarn logs -applicationId a",
            "spark-submit --status x",
        ]
