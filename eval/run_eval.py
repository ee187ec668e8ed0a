"""Replay the labelled failure scenarios through the engine and report accuracy.

Walks ``eval/scenarios/<platform>/<name>/`` (``label.toml``, ``logs/*.log``, ``artifacts/*``), runs
each through the same code path as ``airflow-pipeline-debugger analyze`` (deterministic always; with
the configured model too when a key is set, reported separately), and prints accuracy by platform
and by category, the confusion matrix, a reliability table and the unknown rate. Then does the same
for the public corpus (``eval/public``: failures from public threads nobody here wrote), its ``dev``
and ``test`` splits reported apart, for the independent set (``eval/independent``: real failures run
here blind to the rules, all held out) and for the practice set (``eval/practice``: real runs made
the same way, which rules may be written against). Writes ``eval/results.json``. Exits 1 when the
deterministic engine misses its targets on ``eval/scenarios`` (category >= 90 %, root cause >= 85 %,
and on every Spark skew-OOM scenario an immediate fix that addresses the skew instead of only asking
for memory), or a public split, the independent set or the practice set falls under its floor, so a
regression in a rule, an adapter or the engine is visible in CI.

    .venv/bin/python eval/run_eval.py [--scenarios DIR] [--public DIR] [--independent DIR] [--practice DIR]
        [--out FILE]
        [--no-model] [-v]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from eval import independent_cases, public_cases  # noqa: E402

CATEGORY_TARGET = 0.90
ROOT_CAUSE_TARGET = 0.85
#: An immediate fix that only asks for more memory is the wrong answer to a skewed join.
MORE_MEMORY_RE = re.compile(r"\b(increase|raise|bump|double|more)\b.{0,40}\bmemory\b", re.IGNORECASE)
REQUIRED_LABEL_KEYS = ("platform", "category", "root_cause_rule", "root_cause_keywords")
PLATFORMS = ("airflow", "dbt", "spark")
CATEGORIES = ("data", "code", "config", "infra", "unknown")
MIN_SCENARIOS = 30
#: Regression floors on the public splits, the independent and the practice set (category, root
#: cause), a few points under the figures measured when they were set (eval/README.md): a change that
#: makes the engine worse on failures nobody here wrote fails CI. They are floors, not the goal (dev
#: >= 90 % / 85 %, test >= 80 % / 75 %). The practice set grows with fresh runs measured as they came
#: (the fourteenth pass added 72 at 39 % category on arrival): its floor follows the set it guards.
FLOORS = {"dev": (0.77, 0.74), "test": (0.55, 0.50), "independent": (0.61, 0.67), "practice": (0.75, 0.60)}
UNKNOWN_MAX_CONFIDENCE = 30
#: Confidence bands of the reliability table: (low, high) inclusive.
CONFIDENCE_BANDS = ((0, 29), (30, 49), (50, 69), (70, 89), (90, 100))
#: An answer at or above this confidence is "confident"; a confident wrong answer costs the most.
CONFIDENT = 70


@dataclass
class Scenario:
    """One labelled failure."""

    path: Path
    platform: str
    category: str
    root_cause_rule: str
    root_cause_keywords: list[str]
    fix_keywords: list[str] = field(default_factory=list)
    description: str = ""
    #: ``dev`` / ``test`` for a public case, ``""`` for the generated corpus and the independent set.
    split: str = ""
    #: Where the case came from: a public thread's URL, or how an independent case was made.
    source_url: str = ""

    @property
    def name(self) -> str:
        return f"{self.platform}/{self.path.name}"

    @property
    def is_skew_oom(self) -> bool:
        return "skew" in self.root_cause_rule

    def logs(self) -> list[Path]:
        folder = self.path / "logs"
        return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []

    def artifacts(self) -> list[Path]:
        folder = self.path / "artifacts"
        return sorted(folder.iterdir()) if folder.is_dir() else []


@dataclass
class Outcome:
    """How one engine did on one scenario."""

    scenario: str
    platform: str
    label_category: str
    label_rule: str
    engine: str
    category: str = ""
    rule_id: str = ""
    title: str = ""
    confidence: int = 0
    category_ok: bool = False
    root_cause_ok: bool = False
    fix_ok: bool | None = None
    skew_fix_ok: bool | None = None
    seconds: float = 0.0
    error: str = ""


def load_scenarios(root: Path) -> list[Scenario]:
    """Every ``label.toml`` under ``root``; a malformed label is an error naming the file."""
    scenarios: list[Scenario] = []
    for label in sorted(root.glob("*/*/label.toml")):
        try:
            data = tomllib.loads(label.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SystemExit(f"{label}: {exc}") from exc
        missing = [k for k in REQUIRED_LABEL_KEYS if k not in data]
        if missing:
            raise SystemExit(f"{label}: missing {', '.join(missing)}")
        scenarios.append(
            Scenario(
                path=label.parent,
                platform=str(data["platform"]),
                category=str(data["category"]),
                root_cause_rule=str(data["root_cause_rule"]),
                root_cause_keywords=[str(k) for k in data["root_cause_keywords"]],
                fix_keywords=[str(k) for k in data.get("fix_keywords", [])],
                description=str(data.get("description", "")),
            )
        )
    return scenarios


def _free_text(
    label: public_cases.PublicLabel | independent_cases.IndependentLabel, source: str, split: str = ""
) -> Scenario:
    """A case that names no rule: its root cause is scored on the free text."""
    return Scenario(
        path=label.path,
        platform=label.platform,
        category=label.category,
        root_cause_rule="",
        root_cause_keywords=list(label.root_cause_keywords),
        fix_keywords=list(label.fix_keywords),
        description=label.root_cause_summary,
        split=split,
        source_url=source,
    )


def load_public(root: Path, split: str) -> list[Scenario]:
    """The public cases of one split."""
    try:
        labels = public_cases.load_labels(root)
    except public_cases.LabelError as exc:
        raise SystemExit(str(exc)) from exc
    return [_free_text(lb, lb.source_url, lb.split) for lb in labels if lb.split == split]


def load_independent(root: Path) -> list[Scenario]:
    """The independent cases (held out whole: no split)."""
    try:
        labels = independent_cases.load_labels(root)
    except independent_cases.LabelError as exc:
        raise SystemExit(str(exc)) from exc
    return [_free_text(lb, lb.source) for lb in labels]


def _contains_enough(text: str, keywords: Iterable[str]) -> bool:
    """At least half of the keywords (and at least one) appear in ``text``, case-insensitively."""
    words = [k.lower() for k in keywords]
    if not words:
        return False
    hits = sum(1 for k in words if k in text)
    return hits >= max(1, (len(words) + 1) // 2)


def score(scenario: Scenario, result: Any, engine: str, seconds: float) -> Outcome:
    """Compare one result with the label."""
    rc = result.root_cause
    rem = result.remediation
    outcome = Outcome(
        scenario=scenario.name,
        platform=scenario.platform,
        label_category=scenario.category,
        label_rule=scenario.root_cause_rule,
        engine=engine,
        category=result.category.value,
        rule_id=rc.rule_id,
        title=rc.title,
        confidence=rc.confidence,
        seconds=round(seconds, 3),
    )
    outcome.category_ok = outcome.category == scenario.category
    if scenario.category == "unknown":
        # The right answer to thin evidence is an honest "unknown" with low confidence, not a guess.
        outcome.root_cause_ok = outcome.category_ok and rc.confidence <= UNKNOWN_MAX_CONFIDENCE
    elif engine == "deterministic" and scenario.root_cause_rule:
        outcome.root_cause_ok = rc.rule_id == scenario.root_cause_rule
    else:
        # A model answer, or a public case that names no rule: the free-text rule.
        text = " ".join([rc.title, rc.summary, rc.justification]).lower()
        rule_ok = bool(scenario.root_cause_rule) and rc.rule_id == scenario.root_cause_rule
        outcome.root_cause_ok = rule_ok or _contains_enough(text, scenario.root_cause_keywords)
    fix_text = " ".join([rem.immediate_fix, rem.change, rem.prevention]).lower()
    if scenario.fix_keywords:
        outcome.fix_ok = any(k.lower() in fix_text for k in scenario.fix_keywords)
    if scenario.is_skew_oom:
        immediate = rem.immediate_fix.lower()
        outcome.skew_fix_ok = any(k.lower() in immediate for k in scenario.fix_keywords) and not (
            MORE_MEMORY_RE.search(rem.immediate_fix)
        )
    return outcome


def run_engine(scenarios: list[Scenario], settings: Any, engine: str, verbose: bool) -> list[Outcome]:
    """Investigate every scenario with one engine configuration."""
    from airflow_pipeline_debugger.domain import FailureContext, TaskKey
    from airflow_pipeline_debugger.engine.offline import analyze_files

    outcomes: list[Outcome] = []
    for sc in scenarios:
        started = time.perf_counter()
        try:
            run = analyze_files(
                sc.logs(),
                sc.artifacts(),
                settings,
                context=FailureContext(key=TaskKey(task_id=sc.path.name), trigger="eval"),
            )
        except Exception as exc:  # noqa: BLE001 - one broken scenario is a miss, not the end of the eval
            outcomes.append(
                Outcome(
                    sc.name,
                    sc.platform,
                    sc.category,
                    sc.root_cause_rule,
                    engine,
                    error=f"{type(exc).__name__}: {exc}",
                )
            )
            continue
        outcome = score(sc, run.result, engine, time.perf_counter() - started)
        if run.result.engine not in ("deterministic", "model"):
            outcome.error = f"engine ended as {run.result.engine}: {'; '.join(run.result.notes)[:200]}"
        outcomes.append(outcome)
        if verbose:
            mark = "ok " if outcome.category_ok and outcome.root_cause_ok else "MISS"
            got = f"{outcome.category}/{outcome.rule_id or '-'}"
            print(f"  {mark} {sc.name}: {got} (want {sc.category}/{sc.root_cause_rule})")
    return outcomes


def _rate(items: list[bool]) -> float | None:
    return round(sum(items) / len(items), 4) if items else None


def confusion(outcomes: list[Outcome]) -> dict[str, dict[str, int]]:
    """Labelled category -> answered category -> count (errors count as answered ``error``)."""
    matrix: dict[str, dict[str, int]] = {c: {} for c in CATEGORIES}
    for o in outcomes:
        got = o.category if not o.error else "error"
        row = matrix.setdefault(o.label_category, {})
        row[got] = row.get(got, 0) + 1
    return {k: dict(sorted(v.items())) for k, v in matrix.items() if v}


def reliability(outcomes: list[Outcome]) -> dict[str, Any]:
    """Confidence band -> how often an answer in it was right (category and root cause both right)."""
    bands = []
    for low, high in CONFIDENCE_BANDS:
        group = [o for o in outcomes if not o.error and low <= o.confidence <= high]
        bands.append(
            {
                "band": f"{low}-{high}",
                "answers": len(group),
                "accuracy": _rate([o.category_ok and o.root_cause_ok for o in group]),
            }
        )
    confident_wrong = [
        o.scenario for o in outcomes if o.confidence >= CONFIDENT and not (o.category_ok and o.root_cause_ok)
    ]
    return {"bands": bands, "confident_wrong": len(confident_wrong), "confident_wrong_cases": confident_wrong}


def summarise(outcomes: list[Outcome]) -> dict[str, Any]:
    """Accuracy overall, by platform and by category; confusion, reliability and unknown rate."""

    def block(group: list[Outcome]) -> dict[str, Any]:
        fixes = [o.fix_ok for o in group if o.fix_ok is not None]
        skew = [o.skew_fix_ok for o in group if o.skew_fix_ok is not None]
        return {
            "scenarios": len(group),
            "category_accuracy": _rate([o.category_ok for o in group]),
            "root_cause_accuracy": _rate([o.root_cause_ok for o in group]),
            # Both right: a free-text root cause can name the keywords while the category is wrong.
            "both_accuracy": _rate([o.category_ok and o.root_cause_ok for o in group]),
            "fix_accuracy": _rate(fixes),
            "skew_oom_fix_accuracy": _rate(skew),
            "errors": sum(1 for o in group if o.error),
        }

    by_platform: dict[str, list[Outcome]] = defaultdict(list)
    by_category: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_platform[o.platform].append(o)
        by_category[o.label_category].append(o)
    return {
        "overall": block(outcomes),
        "by_platform": {k: block(v) for k, v in sorted(by_platform.items())},
        "by_category": {k: block(v) for k, v in sorted(by_category.items())},
        "confusion": confusion(outcomes),
        "reliability": reliability(outcomes),
        "unknown_rate": _rate([o.category == "unknown" for o in outcomes]),
    }


def coverage(scenarios: list[Scenario]) -> dict[str, Any]:
    """How many scenarios per platform and per category (the corpus must cover all of them)."""
    platforms: dict[str, int] = defaultdict(int)
    categories: dict[str, int] = defaultdict(int)
    for sc in scenarios:
        platforms[sc.platform] += 1
        categories[sc.category] += 1
    return {
        "scenarios": len(scenarios),
        "platforms": dict(sorted(platforms.items())),
        "categories": dict(sorted(categories.items())),
        "missing_platforms": sorted(set(PLATFORMS) - set(platforms)),
        "missing_categories": sorted(set(CATEGORIES) - set(categories)),
    }


def target_misses(summary: dict[str, Any]) -> list[str]:
    """What the deterministic engine missed: overall category / root-cause accuracy, skew-OOM fixes."""
    overall = summary["overall"]
    failed = []
    if (overall["category_accuracy"] or 0) < CATEGORY_TARGET:
        failed.append(
            f"category accuracy {_pct(overall['category_accuracy']).strip()} < {CATEGORY_TARGET:.0%}"
        )
    if (overall["root_cause_accuracy"] or 0) < ROOT_CAUSE_TARGET:
        failed.append(
            f"root-cause accuracy {_pct(overall['root_cause_accuracy']).strip()} < {ROOT_CAUSE_TARGET:.0%}"
        )
    skew = overall["skew_oom_fix_accuracy"]
    if skew is not None and skew < 1.0:
        failed.append(
            f"skew-OOM immediate fix addresses the skew in only {_pct(skew).strip()} of the scenarios"
        )
    return failed


def floor_misses(blocks: dict[str, Any]) -> list[str]:
    """The held-apart blocks (public splits, independent, practice) that fell under their floor."""
    failed = []
    for split, (category_floor, root_floor) in FLOORS.items():
        engine = blocks.get(split, {}).get("engines", {}).get("deterministic")
        if not engine:
            continue
        overall = engine["summary"]["overall"]
        for name, value, floor in (
            ("category", overall["category_accuracy"], category_floor),
            ("root-cause", overall["root_cause_accuracy"], root_floor),
        ):
            if (value or 0) < floor:
                failed.append(f"{split} {name} accuracy {_pct(value).strip()} < floor {floor:.0%}")
    return failed


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{value * 100:5.1f}%"


def print_summary(engine: str, summary: dict[str, Any]) -> None:
    """Accuracy table, confusion matrix, reliability table and unknown rate of one engine run."""
    print(f"\n== {engine} ==")
    header = ("category", 8), ("root cause", 10), ("both", 6), ("fix", 6), ("skew-OOM fix", 12)
    print(f"{'group':<22}{'n':>4}" + "".join(f"  {name:>{width}}" for name, width in header))
    rows = [("overall", summary["overall"])]
    rows += [(f"platform {k}", v) for k, v in summary["by_platform"].items()]
    rows += [(f"category {k}", v) for k, v in summary["by_category"].items()]
    for name, s in rows:
        keys = (
            "category_accuracy",
            "root_cause_accuracy",
            "both_accuracy",
            "fix_accuracy",
            "skew_oom_fix_accuracy",
        )
        cells = "".join(f"  {_pct(s[key]):>{width}}" for key, (_, width) in zip(keys, header, strict=True))
        print(f"{name:<22}{s['scenarios']:>4}" + cells)
    answered = sorted({got for row in summary["confusion"].values() for got in row})
    print(f"\nconfusion (rows: labelled, columns: answered)\n{'':<10}" + "".join(f"{a:>9}" for a in answered))
    for label, row in summary["confusion"].items():
        print(f"{label:<10}" + "".join(f"{row.get(a, 0):>9}" for a in answered))
    rel = summary["reliability"]
    print(f"\nreliability\n{'confidence':<12}{'answers':>8}  {'right':>6}")
    for band in rel["bands"]:
        print(f"{band['band']:<12}{band['answers']:>8}  {_pct(band['accuracy']):>6}")
    print(f"confident (>= {CONFIDENT}) wrong answers: {rel['confident_wrong']}")
    print(f"unknown rate: {_pct(summary['unknown_rate']).strip()}")


def run_public(root: Path, split: str, args: argparse.Namespace) -> dict[str, Any]:
    """Measure one split of the public corpus with every configured engine (floored, not targeted)."""
    cases = load_public(root, split) if root.is_dir() else []
    return measure(f"public {split}", cases, root, args)


def run_independent(root: Path, args: argparse.Namespace, name: str = "independent") -> dict[str, Any]:
    """Measure the independent set (or the practice set, same schema) with every configured engine."""
    cases = load_independent(root) if root.is_dir() else []
    return measure(name, cases, root, args)


def measure(name: str, cases: list[Scenario], root: Path, args: argparse.Namespace) -> dict[str, Any]:
    """One held-apart block: coverage, then each engine's summary and per-case rows."""
    from airflow_pipeline_debugger.engine.offline import OfflineSettings

    corpus = coverage(cases)
    category_floor, root_floor = FLOORS[name.removeprefix("public ")]
    print(
        f"\n\n#### {name}: {len(cases)} cases under {root} "
        f"(regression floor {category_floor:.0%} / {root_floor:.0%}, category / root cause): "
        + ", ".join(f"{k} {v}" for k, v in corpus["platforms"].items())
        + " | "
        + ", ".join(f"{k} {v}" for k, v in corpus["categories"].items())
    )
    block: dict[str, Any] = {"cases": len(cases), "corpus": corpus, "engines": {}}
    if not cases:
        return block
    engines = [("deterministic", OfflineSettings.load(use_model=False))]
    if not args.no_model:
        with_model = OfflineSettings.load(use_model=True)
        if with_model.llm is not None:
            engines.append((f"model:{with_model.llm.provider}:{with_model.llm.model}", with_model))
    for label, settings in engines:
        outcomes = run_engine(cases, settings, label, args.verbose)
        summary = summarise(outcomes)
        print_summary(f"{label} on {name}", summary)
        block["engines"][label] = {"summary": summary, "results": [asdict(o) for o in outcomes]}
    return block


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenarios", type=Path, default=ROOT / "scenarios")
    parser.add_argument("--public", type=Path, default=ROOT / "public", help="the public corpus (dev, test)")
    parser.add_argument(
        "--independent", type=Path, default=ROOT / "independent", help="real failures labelled blind"
    )
    parser.add_argument(
        "--practice", type=Path, default=ROOT / "practice", help="real runs rules may be written against"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "results.json")
    parser.add_argument("--no-model", action="store_true", help="skip the model run even if a key is set")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    from airflow_pipeline_debugger.engine.offline import OfflineSettings

    scenarios = load_scenarios(args.scenarios)
    if not scenarios:
        print(f"no scenarios under {args.scenarios}", file=sys.stderr)
        return 2
    corpus = coverage(scenarios)
    print(
        f"{len(scenarios)} scenarios under {args.scenarios}: "
        + ", ".join(f"{k} {v}" for k, v in corpus["platforms"].items())
        + " | "
        + ", ".join(f"{k} {v}" for k, v in corpus["categories"].items())
    )
    if len(scenarios) < MIN_SCENARIOS or corpus["missing_platforms"] or corpus["missing_categories"]:
        print(
            f"note: the full corpus has >= {MIN_SCENARIOS} scenarios over every platform and category "
            f"(missing platforms: {corpus['missing_platforms'] or 'none'}, "
            f"categories: {corpus['missing_categories'] or 'none'})"
        )
    report: dict[str, Any] = {
        "scenarios": len(scenarios),
        "corpus": corpus,
        "targets": {
            "category_accuracy": CATEGORY_TARGET,
            "root_cause_accuracy": ROOT_CAUSE_TARGET,
            "skew_oom_fix_accuracy": 1.0,
        },
        "engines": {},
    }

    deterministic = OfflineSettings.load(use_model=False)
    outcomes = run_engine(scenarios, deterministic, "deterministic", args.verbose)
    summary = summarise(outcomes)
    print_summary("deterministic", summary)
    report["engines"]["deterministic"] = {"summary": summary, "results": [asdict(o) for o in outcomes]}

    if not args.no_model:
        with_model = OfflineSettings.load(use_model=True)
        if with_model.llm is not None:
            label = f"model:{with_model.llm.provider}:{with_model.llm.model}"
            model_outcomes = run_engine(scenarios, with_model, label, args.verbose)
            model_summary = summarise(model_outcomes)
            print_summary(label, model_summary)
            report["engines"][label] = {
                "summary": model_summary,
                "results": [asdict(o) for o in model_outcomes],
            }
        else:
            print("\n(no model configured: set ANTHROPIC_API_KEY or OPENROUTER_API_KEY to evaluate one)")

    report["public"] = {split: run_public(args.public, split, args) for split in public_cases.SPLITS}
    report["independent"] = run_independent(args.independent, args)
    report["practice"] = run_independent(args.practice, args, "practice")

    held_apart = {**report["public"], "independent": report["independent"], "practice": report["practice"]}
    failed = target_misses(summary) + floor_misses(held_apart)
    report["targets_met"] = not failed
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    if failed:
        print("BELOW TARGET (deterministic): " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
