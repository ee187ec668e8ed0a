"""Lines of one digit shape share an outcome: the shortcut must change nothing the scan reports.

A quiet candidate line (a plain warning, or a line an anchor found that turned out to be nothing)
is handled once per digit shape; later lines of the shape only bump counts. Every log here is
scanned with the shortcut and with it disabled, with and without Hyperscan, and the results
(summary, hits, excerpt) must be identical; the lines the shortcut must never share (JSON numbers,
``\\u`` escapes, a pattern whose literal holds digits) are in the log on purpose.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from airflow_pipeline_debugger.adapters.base import Level, LogPattern
from airflow_pipeline_debugger.adapters.registry import all_adapters
from airflow_pipeline_debugger.evidence import logscan

REPO = Path(__file__).resolve().parents[3]
CORPUS_LOGS = sorted(
    p
    for root in (REPO / "eval" / "scenarios", REPO / "tests" / "fixtures")
    for p in root.rglob("*")
    if p.is_file() and p.suffix in (".log", ".txt") and p.stat().st_size < 5_000_000
)


def _tricky_log(lines: int = 4000, seed: int = 3) -> str:
    """Warnings that repeat with other numbers, plus lines whose digits do matter."""
    rng = random.Random(seed)
    shapes = [
        "26/03/01 02:{m:02d}:{s:02d} WARN TaskMemoryManager: Failed to allocate a page ({r} bytes), "
        "try again.",
        '{{"timestamp":"2026-03-01T02:{m:02d}:{s:02d}Z","level":"warning","event":"Retry {n} after {r} ms"}}',
        '{{"timestamp":"2026-03-01T02:{m:02d}:{s:02d}Z","level":"warning","event":"slow","ms":{n}}}',
        '{{"level":"warning","event":"offset","value":-{z}}}',
        '{{"level":"warning","event":"big","value":{n}e{e}}}',
        '{{"level":"warning","event":"char \\u00{z}{z} here {n}"}}',
        "[2026-03-01T02:{m:02d}:{s:02d}+0000] {{warnings.py:{n}}} WARNING - DeprecationWarning: x{r}",
        "26/03/01 02:{m:02d}:{s:02d} WARN Custom: exit code 13{z} seen",
        "INFO a message that mentions ERROR {n} but is not an error",
        "26/03/01 02:{m:02d}:{s:02d} WARN Something: permission denied for table t{n}",
        "26/03/01 02:{m:02d}:{s:02d} INFO plain noise {r}",
    ]
    out = []
    for i in range(lines):
        tmpl = rng.choice(shapes)
        out.append(
            tmpl.format(
                m=rng.randrange(60),
                s=rng.randrange(60),
                n=rng.randrange(1, 10_000),
                r=rng.randrange(10**7),
                z=rng.randrange(10),
                e=rng.choice((5, 20)),
            )
        )
        if i == lines // 2:
            out.append("26/03/01 02:30:00 ERROR Executor: Exception in task 3.0 (TID 9)")
    out.append("java.lang.OutOfMemoryError: Java heap space")
    return "\n".join(out) + "\n"


def _patterns() -> list[LogPattern]:
    digit_literal = LogPattern(
        code="test.exit_137",
        regex=r"exit code 137\b",
        message="exit 137",
        level=Level.WARNING,
        literal="exit code 137",
    )
    return [*(p for a in all_adapters() for p in a.patterns), digit_literal]


def _scan(text: str, monkeypatch: pytest.MonkeyPatch, *, shapes: bool, automaton: bool) -> dict[str, Any]:
    with monkeypatch.context() as m:
        if not shapes:
            m.setattr(logscan, "MAX_MEMO_SHAPES", 0)
        if not automaton:
            m.setattr(logscan, "_hyperscan", None)
        scanner = logscan.LogScanner(_patterns(), logscan.ScanLimits(max_repeat_keys=50))
        result = scanner.scan_text(text)
    return {
        "summary": result.summary(),
        "hits": [(h.code, h.line_no, h.text, h.message, h.attributes) for h in result.hits],
        "excerpt": result.excerpt,
    }


@pytest.mark.parametrize("automaton", [True, False])
def test_shape_shortcut_changes_nothing_on_tricky_lines(
    monkeypatch: pytest.MonkeyPatch, automaton: bool
) -> None:
    if automaton:
        pytest.importorskip("hyperscan")
    text = _tricky_log()
    fast = _scan(text, monkeypatch, shapes=True, automaton=automaton)
    assert fast == _scan(text, monkeypatch, shapes=False, automaton=automaton)
    summary = fast["summary"]
    assert summary["warning_count"] > 2000 and summary["repeats"]
    assert "test.exit_137" in summary["signal_counts"]
    assert summary["last_error"]["text"] == "java.lang.OutOfMemoryError: Java heap space"


def test_shape_shortcut_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shortcut is real: repeated warning shapes are remembered, digit-sensitive lines are not."""
    scanner = logscan.LogScanner(_patterns())
    state = logscan._ScanState(scanner, None)
    state.run(_as_stream(_tricky_log()))
    quiet = [s for s, v in state.memo.items() if v is not None and v != logscan._NOT_QUIET]
    assert any(b"Failed to allocate a page (0" in s for s in quiet)
    assert all(b"\\u" not in s and b'"value":' not in s and b"exit code" not in s for s in quiet)


def _as_stream(text: str) -> Any:
    import io

    return io.BytesIO(text.encode())


@pytest.mark.parametrize("log", CORPUS_LOGS, ids=lambda p: str(p.relative_to(REPO)))
def test_shape_shortcut_changes_nothing_on_the_corpus(log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = log.read_text(errors="replace")
    assert _scan(text, monkeypatch, shapes=True, automaton=True) == _scan(
        text, monkeypatch, shapes=False, automaton=True
    )
