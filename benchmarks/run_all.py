"""Run every ``benchmarks/bench_*.py`` in turn and summarise the ratios they measured.

Each benchmark measures its own baseline in the same run and writes ``benchmarks/results/<name>.json``;
this script runs them one after the other (never in parallel: they would skew each other on a small
machine), then prints every ratio found in the result files and writes the same table to
``benchmarks/results/SUMMARY.md`` (and its figures to ``summary.json``). ``--only NAME`` runs a
subset; ``--summary`` only re-prints.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
#: Result keys worth a line in the summary (ratios first of all; absolute figures only as context).
SUMMARY_JSON = RESULTS / "summary.json"
HEADLINE_WORDS = ("ratio", "per_second", "mb_s", "p50", "p95", "median", "messages", "model_calls", "wall")


def ratios(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Every numeric leaf whose key names a ratio or a headline figure, as (dotted key, value)."""
    out: list[tuple[str, Any]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, dict | list):
                out.extend(ratios(value, path))
            elif (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and any(word in str(key) for word in HEADLINE_WORDS)
            ):
                out.append((path, value))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.extend(ratios(value, f"{prefix}[{i}]"))
    return out


def summary() -> tuple[str, dict[str, dict[str, Any]]]:
    """The Markdown summary of every result file present, and the same figures as a mapping."""
    lines = ["| benchmark | figure | value |", "|---|---|---|"]
    figures: dict[str, dict[str, Any]] = {}
    for path in sorted(RESULTS.glob("*.json")):
        if path.name == SUMMARY_JSON.name:
            continue
        try:
            data = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError) as exc:
            lines.append(f"| {path.stem} | unreadable result | {exc} |")
            continue
        for key, value in ratios(data):
            figures.setdefault(path.stem, {})[key] = value
            shown = f"{value:.3g}" if isinstance(value, float) else str(value)
            lines.append(f"| {path.stem} | {key} | {shown} |")
    return "\n".join(lines) + "\n", figures


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks (or a subset), then print and save the summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], help="bench name without bench_ (repeatable)")
    parser.add_argument("--summary", action="store_true", help="only print the summary of existing results")
    args = parser.parse_args(argv)
    failed: list[str] = []
    if not args.summary:
        for script in sorted(HERE.glob("bench_*.py")):
            name = script.stem.removeprefix("bench_")
            if args.only and name not in args.only:
                continue
            print(f"== {script.name}", flush=True)
            started = time.monotonic()
            proc = subprocess.run([sys.executable, str(script)], check=False)
            took = time.monotonic() - started
            print(f"== {script.name}: exit {proc.returncode} in {took:.0f}s", flush=True)
            if proc.returncode != 0:
                failed.append(script.name)
    table, figures = summary()
    (RESULTS / "SUMMARY.md").write_text(table)
    SUMMARY_JSON.write_text(json.dumps(figures, indent=2) + "\n")
    print(table)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
