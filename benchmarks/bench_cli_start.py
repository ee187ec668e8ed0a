"""Benchmark the offline CLI's start-up: ``analyze`` of a 3-line log, end to end, in a fresh process.

What a user waits for on a small log is almost all imports; the baseline is ``python -c pass`` in the
same run (interpreter start-up on this machine). Each is run ``--runs`` times; the medians and their
ratio are reported, plus which heavy packages the analyze process loaded (expected: none).

    .venv/bin/python benchmarks/bench_cli_start.py

Results go to ``benchmarks/results/cli_start.json``. Target: median wall <= 0.8 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "cli_start.json"
TARGET_SECONDS = 0.8
LOG = (
    "[2026-05-01, 10:00:00 UTC] {taskinstance.py:1} INFO - Starting attempt 1 of 1\n"
    "[2026-05-01, 10:00:02 UTC] {taskinstance.py:3} ERROR - Task failed with exception\n"
    "KeyError: 'region'\n"
)
HEAVY = ("airflow", "pyspark", "anthropic", "openai", "sqlalchemy")
#: Same as the console script, plus a report of the top-level packages loaded (printed to stderr).
PROBE = (
    "import sys\nfrom airflow_pipeline_debugger import cli\ncode = cli.main(sys.argv[1:])\n"
    "print('LOADED ' + ','.join(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def wall(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall seconds of one run and its stderr (the run must succeed)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[:3]} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return took, proc.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        log = Path(tmp) / "task.log"
        log.write_text(LOG)
        # A user's shell: no model key (the deterministic answer), an Airflow home without airflow.cfg.
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("AIRFLOW", "_AIRFLOW"))
            and k not in ("ANTHROPIC_API_KEY", "OPENROUTER_API_KEY")
        }
        env["AIRFLOW_HOME"] = str(Path(tmp) / "airflow_home")
        analyze = [sys.executable, "-c", PROBE, "analyze", "--log", str(log)]
        baseline = [sys.executable, "-c", "pass"]
        wall(analyze, env)  # warm the file cache (bytecode, site-packages) once for both
        base_times, analyze_times, loaded = [], [], ""
        for _ in range(args.runs):
            base_times.append(wall(baseline, env)[0])
            took, err = wall(analyze, env)
            analyze_times.append(took)
            loaded = next((ln[7:] for ln in err.splitlines() if ln.startswith("LOADED ")), "")
    heavy = sorted(set(loaded.split(",")) & set(HEAVY))
    analyze_median = statistics.median(analyze_times)
    base_median = statistics.median(base_times)
    report = {
        "runs": args.runs,
        "analyze_wall_median_seconds": round(analyze_median, 3),
        "python_pass_wall_median_seconds": round(base_median, 3),
        "ratio_analyze_over_python_pass": round(analyze_median / base_median, 1),
        "analyze_wall_seconds": [round(t, 3) for t in analyze_times],
        "heavy_packages_loaded": heavy,
        "target_seconds": TARGET_SECONDS,
        "within_target": analyze_median <= TARGET_SECONDS and not heavy,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"analyze of a 3-line log: median {analyze_median:.3f}s wall, python -c pass {base_median:.3f}s "
        f"({report['ratio_analyze_over_python_pass']}x); heavy packages loaded: {heavy or 'none'}; "
        f"within {TARGET_SECONDS}s: {report['within_target']}"
    )
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
