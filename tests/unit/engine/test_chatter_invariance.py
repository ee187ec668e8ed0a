"""Chatter does not change the answer: a metamorphic test over the generated corpus.

Each log of ``eval/scenarios`` that has a line at INFO level (or a log4j line to model one on) is
given, before that line, a run of the task's own chatter in the log's own format: words the
category guide calls weak evidence ("3 entries evicted", a table named after zombies, a connection
refused and retried, a timeout that was retried and recovered). The engine must give the same
category and the same root-cause rule with and without them (issue 19, "terminal error first").
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from airflow_pipeline_debugger.domain import FailureContext, TaskKey
from airflow_pipeline_debugger.engine.offline import OfflineSettings, analyze_files

SCENARIOS = Path(__file__).resolve().parents[3] / "eval" / "scenarios"

#: Cause-shaped words in lines the task carried on after.
CHATTER = (
    "LRU cache full: 3 entries evicted",
    "Refreshing table analytics.zombie_sessions (zombie accounts report)",
    "Connection refused by db.internal:5432, retrying in 2s (attempt 1/5)",
    "Connected to db.internal:5432",
    "column killed_flag has 0 nulls; permission_denied_count=0",
    "GC: young collection took 0.2s, heap 61% used (OutOfMemory guard at 90%)",
    "Request timed out after 30s, retrying (attempt 1/3)",
    "Retry succeeded",
)
_INFO_RE = re.compile(r"(?<![\w])INFO(?![\w])")
#: log4j's default layout (``26/12/02 00:51:31 WARN NativeCodeLoader: …``): an INFO line is modelled on it.
_LOG4J_RE = re.compile(r"^(\d\d/\d\d/\d\d \d\d:\d\d:\d\d )(?:WARN|ERROR|INFO) [\w.$]+: ")


def _json_chatter(lines: list[str]) -> list[str] | None:
    for i, line in enumerate(lines):
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        key = next((k for k in ("event", "msg", "message") if isinstance(obj, dict) and k in obj), None)
        if key is None or str(obj.get("level", "")).lower() != "info":
            continue
        extra = [json.dumps({**obj, key: words}) for words in CHATTER]
        return [*lines[:i], *extra, *lines[i:]]
    return None


def _text_chatter(lines: list[str]) -> list[str] | None:
    for i, line in enumerate(lines):
        if (m := _INFO_RE.search(line[:120])) is not None:
            rest = line[m.end() :]
            separator = re.match(r"\s*[-:|]?\s*", rest)
            prefix = line[: m.end()] + (separator.group(0) if separator else " ")
            return [*lines[:i], *(prefix + words for words in CHATTER), *lines[i:]]
    for i, line in enumerate(lines):
        if (m := _LOG4J_RE.match(line)) is not None:
            return [*lines[:i], *(f"{m.group(1)}INFO TaskRunner: {words}" for words in CHATTER), *lines[i:]]
    return None


def with_chatter(text: str) -> str | None:
    """The log with the chatter inserted in its own format, or ``None`` when it has no line to model."""
    lines = text.splitlines()
    changed = _json_chatter(lines) or _text_chatter(lines)
    return "\n".join(changed) + "\n" if changed else None


def _cases() -> list[Path]:
    return sorted(
        path.parent.parent
        for path in SCENARIOS.glob("*/*/logs/*")
        if with_chatter(path.read_text(errors="replace")) is not None
    )


CASES = sorted(set(_cases()))


def _answer(logs: list[Path], artifacts: list[Path]) -> tuple[str, str]:
    result = analyze_files(
        logs,
        artifacts,
        OfflineSettings.load(use_model=False),
        context=FailureContext(key=TaskKey(task_id="job"), trigger="test"),
    ).result
    return result.category.value, result.root_cause.rule_id


def test_the_corpus_gives_chatter_somewhere_to_go() -> None:
    """The test below covers Airflow and Spark logs, not an empty selection."""
    platforms = {case.parent.name for case in CASES}
    assert len(CASES) >= 25 and {"airflow", "spark"} <= platforms, CASES


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_chatter_before_the_failure_does_not_change_the_answer(case: Path, tmp_path: Path) -> None:
    logs = sorted(p for p in (case / "logs").iterdir() if p.is_file())
    artifacts = sorted((case / "artifacts").iterdir()) if (case / "artifacts").is_dir() else []
    noisy: list[Path] = []
    for log in logs:
        text = log.read_text(errors="replace")
        copy = tmp_path / log.name
        copy.write_text(with_chatter(text) or text)
        noisy.append(copy)
    assert _answer(noisy, artifacts) == _answer(logs, artifacts)
