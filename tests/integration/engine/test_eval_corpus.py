"""The committed evaluation corpus: complete, and the deterministic engine meets its targets on it.

This is ``make eval`` inside CI: every labelled failure under ``eval/scenarios`` (produced by running
Airflow, dbt and Spark with injected faults) is replayed through the offline engine path. A rule,
adapter or engine change that costs accuracy fails here, naming the scenarios it broke.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO_ROOT))

from eval import run_eval  # noqa: E402

pytestmark = pytest.mark.timeout(900)


@pytest.fixture(autouse=True)
def _no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("ANTHROPIC_API_KEY", "OPENROUTER_API_KEY"):
        monkeypatch.delenv(var, raising=False)


def test_corpus_covers_every_platform_and_category() -> None:
    scenarios = run_eval.load_scenarios(run_eval.ROOT / "scenarios")
    corpus = run_eval.coverage(scenarios)
    assert corpus["scenarios"] >= run_eval.MIN_SCENARIOS, corpus
    assert corpus["missing_platforms"] == [], corpus
    assert corpus["missing_categories"] == [], corpus
    assert any(sc.platform == "spark" and sc.is_skew_oom for sc in scenarios)
    for sc in scenarios:
        assert sc.logs() or sc.artifacts(), f"{sc.name} has neither logs nor artifacts"
        assert sc.category in run_eval.CATEGORIES, sc.name


def test_deterministic_engine_meets_its_targets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "eval.json"
    code = run_eval.main(["--no-model", "--out", str(out)])
    printed = capsys.readouterr()
    report = json.loads(out.read_text())
    engine = report["engines"]["deterministic"]
    misses = [
        f"{r['scenario']}: got {r['category']}/{r['rule_id']} want {r['label_category']}/{r['label_rule']}"
        for r in engine["results"]
        if not (r["category_ok"] and r["root_cause_ok"])
    ]
    assert code == 0, printed.err + "\n" + "\n".join(misses)
    assert report["targets_met"] is True
    overall = engine["summary"]["overall"]
    assert overall["category_accuracy"] >= run_eval.CATEGORY_TARGET
    assert overall["root_cause_accuracy"] >= run_eval.ROOT_CAUSE_TARGET
    assert overall["skew_oom_fix_accuracy"] == 1.0
    assert set(engine["summary"]["by_platform"]) == set(run_eval.PLATFORMS)
    assert "platform airflow" in printed.out and "category infra" in printed.out
    assert not [r for r in engine["results"] if r["error"]]


def test_a_miss_below_target_fails_the_run(tmp_path: Path) -> None:
    """A label the engine cannot meet (a wrong rule on every scenario) makes ``make eval`` exit 1."""
    source = run_eval.ROOT / "scenarios" / "dbt" / "nulls_in_orders"
    broken = tmp_path / "scenarios" / "dbt" / "mislabelled"
    broken.mkdir(parents=True)
    for sub in ("logs", "artifacts"):
        (broken / sub).mkdir()
        for f in (source / sub).iterdir():
            (broken / sub / f.name).write_bytes(f.read_bytes())
    (broken / "label.toml").write_text(
        'platform = "dbt"\ncategory = "infra"\nroot_cause_rule = "dbt.connection_error"\n'
        'root_cause_keywords = ["network"]\n'
    )
    code = run_eval.main(
        ["--no-model", "--scenarios", str(tmp_path / "scenarios"), "--out", str(tmp_path / "r.json")]
    )
    assert code == 1
    assert json.loads((tmp_path / "r.json").read_text())["targets_met"] is False


def test_skew_fix_must_name_the_skew_remedy_not_memory() -> None:
    scenario = run_eval.Scenario(
        path=Path("spark/skew_oom"),
        platform="spark",
        category="data",
        root_cause_rule="spark.skew_oom",
        root_cause_keywords=["skew"],
        fix_keywords=["salt"],
    )

    class Rem:
        def __init__(self, immediate: str) -> None:
            self.immediate_fix, self.change, self.prevention = immediate, "", ""

    class Result:
        def __init__(self, immediate: str) -> None:
            from airflow_pipeline_debugger.domain import Category, RootCause

            self.root_cause = RootCause(title="t", category=Category.DATA, rule_id="spark.skew_oom")
            self.remediation = Rem(immediate)
            self.category = Category.DATA

    good = run_eval.score(scenario, Result("Salt customer_id before the join."), "deterministic", 0.1)
    memory = run_eval.score(scenario, Result("Increase spark.executor.memory to 8g."), "deterministic", 0.1)
    both = run_eval.score(
        scenario, Result("Salt the key and double the executor memory."), "deterministic", 0.1
    )
    assert (good.skew_fix_ok, memory.skew_fix_ok, both.skew_fix_ok) == (True, False, False)


def test_unknown_label_wants_low_confidence_not_a_guess() -> None:
    from airflow_pipeline_debugger.domain import Category, Remediation, RootCause

    scenario = run_eval.Scenario(
        path=Path("dbt/killed"),
        platform="dbt",
        category="unknown",
        root_cause_rule="",
        root_cause_keywords=["x"],
    )

    class Result:
        def __init__(self, category: Category, confidence: int) -> None:
            self.category = category
            self.root_cause = RootCause(title="t", category=category, confidence=confidence)
            self.remediation = Remediation()

    honest = run_eval.score(scenario, Result(Category.UNKNOWN, 10), "deterministic", 0.1)
    overconfident = run_eval.score(scenario, Result(Category.UNKNOWN, 60), "deterministic", 0.1)
    guess = run_eval.score(scenario, Result(Category.INFRA, 10), "model:x:y", 0.1)
    assert (honest.root_cause_ok, overconfident.root_cause_ok, guess.root_cause_ok) == (True, False, False)
