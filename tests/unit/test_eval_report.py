"""The eval report: public cases scored on free text, confusion matrix, reliability table."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from eval import run_eval  # noqa: E402


def _result(category: str, rule_id: str, title: str, confidence: int) -> SimpleNamespace:
    return SimpleNamespace(
        category=SimpleNamespace(value=category),
        root_cause=SimpleNamespace(
            rule_id=rule_id, title=title, summary="", justification="", confidence=confidence
        ),
        remediation=SimpleNamespace(immediate_fix="retry later", change="", prevention=""),
    )


def _scenario(rule: str, keywords: list[str], category: str = "infra") -> run_eval.Scenario:
    return run_eval.Scenario(
        path=Path("x/case"),
        platform="airflow",
        category=category,
        root_cause_rule=rule,
        root_cause_keywords=keywords,
        fix_keywords=["retry"],
    )


def test_public_case_without_rule_is_scored_on_keywords() -> None:
    case = _scenario("", ["503", "service", "partner"])
    right = run_eval.score(
        case, _result("infra", "generic.x", "503 Service Unavailable", 60), "deterministic", 0
    )
    assert right.root_cause_ok and right.category_ok and right.fix_ok
    wrong = run_eval.score(case, _result("infra", "generic.x", "Disk full", 60), "deterministic", 0)
    assert not wrong.root_cause_ok


def test_empty_rule_never_matches_an_empty_rule_id() -> None:
    case = _scenario("", ["503", "service"])
    outcome = run_eval.score(case, _result("infra", "", "task failed", 20), "deterministic", 0)
    assert not outcome.root_cause_ok


def test_generated_scenario_still_needs_its_rule() -> None:
    case = _scenario("generic.server_error", ["503", "service"])
    by_words = run_eval.score(case, _result("infra", "other.rule", "503 Service", 60), "deterministic", 0)
    assert not by_words.root_cause_ok
    by_rule = run_eval.score(case, _result("infra", "generic.server_error", "x", 60), "deterministic", 0)
    assert by_rule.root_cause_ok


def _outcome(label: str, got: str, confidence: int, right: bool) -> run_eval.Outcome:
    return run_eval.Outcome(
        scenario=f"airflow/{label}-{got}-{confidence}",
        platform="airflow",
        label_category=label,
        label_rule="",
        engine="deterministic",
        category=got,
        confidence=confidence,
        category_ok=label == got,
        root_cause_ok=right,
    )


def test_summary_has_confusion_reliability_and_unknown_rate() -> None:
    outcomes = [
        _outcome("data", "data", 80, True),
        _outcome("data", "code", 75, False),
        _outcome("infra", "unknown", 20, False),
        _outcome("config", "config", 55, True),
    ]
    summary = run_eval.summarise(outcomes)
    assert summary["confusion"]["data"] == {"code": 1, "data": 1}
    assert summary["confusion"]["infra"] == {"unknown": 1}
    assert "unknown" not in summary["confusion"]
    bands = {b["band"]: b for b in summary["reliability"]["bands"]}
    assert bands["70-89"] == {"band": "70-89", "answers": 2, "accuracy": 0.5}
    assert bands["90-100"]["accuracy"] is None
    assert summary["reliability"]["confident_wrong"] == 1
    assert summary["reliability"]["confident_wrong_cases"] == ["airflow/data-code-75"]
    assert summary["unknown_rate"] == 0.25
    assert summary["overall"]["both_accuracy"] == 0.5


@pytest.mark.parametrize("block", ["dev", "test", "independent"])
def test_floors_fail_a_regression_and_pass_at_the_floor(block: str) -> None:
    def report(category: float, root: float) -> dict:
        summary = {"overall": {"category_accuracy": category, "root_cause_accuracy": root}}
        return {block: {"engines": {"deterministic": {"summary": summary}}}}

    category_floor, root_floor = run_eval.FLOORS[block]
    assert run_eval.floor_misses(report(category_floor, root_floor)) == []
    misses = run_eval.floor_misses(report(category_floor - 0.01, root_floor))
    assert len(misses) == 1 and f"{block} category" in misses[0]
    misses = run_eval.floor_misses(report(category_floor, root_floor - 0.01))
    assert len(misses) == 1 and f"{block} root-cause" in misses[0]
    assert run_eval.floor_misses({}) == []  # no corpus: nothing to hold
