"""Peak memory of ``analyze`` on a decompression bomb, against the same analysis on the real event log.

The bomb is a ~32 KB zstd Spark event log that inflates to 1 GiB: one line that never ends. It sits
next to the real driver log of the ``skew_oom`` fixture, whose ``OutOfMemoryError`` line decides the
answer. Measured, each in a fresh process (``os.wait4`` gives that child's own peak RSS):

* baseline: ``analyze --no-llm`` on the driver log and the fixture's real event log;
* bomb: the same driver log with the bomb as the event log.

The bomb run must still answer, cite a driver-log line and stay under ``--max-rss-mb`` (400 by
default); the ratio of the two peaks shows what the bomb costs on top of a normal analysis.

    .venv/bin/python benchmarks/bench_eventlog_bomb.py               # 1 GiB bomb
    .venv/bin/python benchmarks/bench_eventlog_bomb.py --inflate-mb 256

Results go to ``benchmarks/results/eventlog_bomb.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "eventlog_bomb.json"
FIXTURE = REPO / "tests" / "fixtures" / "spark" / "skew_oom"
CLI = Path(sys.executable).with_name("airflow-pipeline-debugger")


def write_bomb(path: Path, inflate_mb: int) -> int:
    """A zstd file of one ``inflate_mb`` MiB line with no newline; returns its compressed size."""
    import zstandard

    writer = zstandard.ZstdCompressor(level=19).compressobj()
    block = b"x" * (1 << 20)
    with path.open("wb") as fh:
        for _ in range(inflate_mb):
            fh.write(writer.compress(block))
        fh.write(writer.flush())
    return path.stat().st_size


def run_analyze(log: Path, artifact: Path) -> dict[str, Any]:
    """``analyze --no-llm --format json`` in a fresh process: wall time, peak RSS, the answer."""
    cmd = [str(CLI), "analyze", "--no-llm", "--format", "json"]
    cmd += ["--log", str(log), "--artifact", str(artifact)]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        answer = json.loads(out.read() or b"{}")
    wall = time.perf_counter() - started
    cited = answer.get("root_cause", {}).get("evidence", [])
    return {
        "exit_code": proc.returncode,
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux reports KiB
        "category": answer.get("category"),
        "root_cause": answer.get("root_cause", {}).get("title"),
        "cites_driver_log_line": any(c.startswith("E1:L") for c in cited),
    }


def main() -> int:
    """Run both analyses; exit 1 when the bomb run breaks the memory bound or gives no answer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inflate-mb", type=int, default=1024)
    parser.add_argument("--max-rss-mb", type=float, default=400.0)
    args = parser.parse_args()
    (real_log,) = FIXTURE.glob("eventlog_v2_*")
    with tempfile.TemporaryDirectory() as tmp:
        bomb = Path(tmp) / "local-1795373141902.zstd"
        compressed = write_bomb(bomb, args.inflate_mb)
        baseline = run_analyze(FIXTURE / "driver.log", real_log)
        bombed = run_analyze(FIXTURE / "driver.log", bomb)
    result = {
        "bomb_compressed_kb": round(compressed / 1024, 1),
        "bomb_inflated_mb": args.inflate_mb,
        "baseline": baseline,
        "bomb": bombed,
        "peak_rss_ratio_bomb_to_baseline": round(bombed["peak_rss_mb"] / baseline["peak_rss_mb"], 2),
        "max_rss_mb": args.max_rss_mb,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    ok = (
        bombed["exit_code"] == 0
        and bombed["peak_rss_mb"] <= args.max_rss_mb
        and bool(bombed["root_cause"])
        and bombed["cites_driver_log_line"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
