"""One task log through the offline collection, then one rule or the whole engine: calibration tables.

The calibration tests judge a rule's ceiling on the evidence it reads (history and change facts
given explicitly, so nothing lifts or lowers the answer by accident).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    FailureContext,
    InvestigationResult,
    RuleFinding,
    TaskKey,
)
from airflow_pipeline_debugger.engine.offline import OfflineSettings, analyze_files, collect_files
from airflow_pipeline_debugger.engine.pipeline import analyse_bundle
from airflow_pipeline_debugger.engine.rules import run_rules
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING

SETTINGS = OfflineSettings.load(use_model=False)
#: The confident band's floor: an answer at or above it must be right nine times in ten.
CONFIDENT = 70


def log_bundle(tmp_path: Path, log: str, facts: dict[str, Any]) -> EvidenceBundle:
    """The evidence of a task log, with no history, no change and ``facts`` on top."""
    path = tmp_path / "task.log"
    path.write_text(log, encoding="utf-8")
    bundle = collect_files([path], [], limits=SETTINGS.limits, adapters=SETTINGS.adapters)
    bundle.facts.update({"history": {"seen_before": False}, "changes": {"code_changed": False}, **facts})
    return bundle


def offline_answer(
    tmp_path: Path, log: str, artifacts: dict[str, str] | None = None
) -> tuple[InvestigationResult, str]:
    """What ``analyze --no-llm`` answers for one task log, and its root cause's title and summary.

    ``artifacts`` (file name: text) are given beside the log, as ``--artifact`` files.
    """
    path = tmp_path / "task.log"
    path.write_text(log, encoding="utf-8")
    given = []
    for name, text in (artifacts or {}).items():
        given.append(tmp_path / name)
        given[-1].write_text(text, encoding="utf-8")
    context = FailureContext(key=TaskKey(task_id="job"))
    result = analyze_files([path], given, SETTINGS, context=context).result
    return result, f"{result.root_cause.title} {result.root_cause.summary}"


def folder_answer(folder: Path, logs: tuple[str, ...] = ()) -> tuple[InvestigationResult, str]:
    """What ``analyze --no-llm`` answers for a fixture folder: its ``.log`` files (or ``logs``, by
    name) as logs and its other files as artifacts, with the rule id, title and summary it said."""
    files = sorted(p for p in folder.iterdir() if p.is_file())
    given = [folder / name for name in logs] or [p for p in files if p.suffix == ".log"]
    artifacts = [p for p in files if p.suffix != ".log"]
    context = FailureContext(key=TaskKey(task_id="job"))
    result = analyze_files(given, artifacts, SETTINGS, context=context).result
    cause = result.root_cause
    return result, f"{cause.rule_id}: {cause.title} {cause.summary}"


def assert_reading(
    result: InvestigationResult, said: str, category: Category | None, rule: str, words: tuple[str, ...]
) -> None:
    """A table row's expectations: the category (``None``: any), the rule (``""``: any; ``"!x"``: any
    but x) and the words the answer says (``"!w"``: must not say)."""
    if category is not None:
        assert result.category is category, said
    if rule.startswith("!"):
        assert result.root_cause.rule_id != rule[1:], said
    elif rule:
        assert result.root_cause.rule_id == rule, said
    for word in words:
        assert (word[1:] not in said) if word.startswith("!") else (word in said), said


def assert_answer(
    result: InvestigationResult, said: str, category: Category, rule: str, words: tuple[str, ...]
) -> None:
    """The answer's category, its rule (when one is named) and the words its root cause must name."""
    assert result.category is category, said
    if rule:
        assert result.root_cause.rule_id == rule, said
    for word in words:
        assert word in said, word


def log_finding(tmp_path: Path, log: str, facts: dict[str, Any], rule_id: str) -> RuleFinding:
    """The finding of rule ``rule_id`` alone on that evidence (it must match)."""
    outcome = run_rules(log_bundle(tmp_path, log, facts), [h for h in SETTINGS.heuristics if h.id == rule_id])
    assert outcome.findings, f"{rule_id} did not match"
    return outcome.findings[0]


def assert_engine_within_ceiling(
    tmp_path: Path, log: str, facts: dict[str, Any], rule_id: str, decisive: bool
) -> None:
    """End to end with no evidence gap: 70+ where the rule's evidence decides, the ceiling where not."""
    root = analyse_bundle(log_bundle(tmp_path, log, facts), SETTINGS.heuristics)[1].root_cause
    assert root.rule_id == rule_id
    if decisive:
        assert root.confidence >= CONFIDENT, root.justification
    else:
        assert root.confidence == AMBIGUOUS_CEILING, root.justification
