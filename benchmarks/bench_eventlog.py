"""Benchmark the Spark event-log parser on a large generated log against baselines from the same run.

The log is built from the events of a real PySpark 4.3 run (``tests/fixtures/spark/uniform_ok``):
its start-up events once, then jobs of stages of 50-400 tasks whose ``TaskStart``/``TaskEnd`` lines
are the real ones with new ids and varied metrics (a few stages skewed, a few tasks failed), plus
SQL plan events — so line sizes and the mix of handled/skipped events are Spark's. It is written
uncompressed and zstd-compressed (Spark 4's default codec).

Measured in one run, each in a fresh process:

* ``parse_event_log`` on the plain and on the zstd file (throughput, peak RSS);
* baseline ``json.loads`` of every line of the plain file (the least any JSON-reading parser does);
* baseline ``grep -c '"Event"'`` over the plain file (the cost of touching every byte);

at two sizes, so the peak RSS of the parser shows memory does not grow with the log.

    .venv/bin/python benchmarks/bench_eventlog.py                   # 64 MB and 512 MB
    .venv/bin/python benchmarks/bench_eventlog.py --size-mb 100     # CI-sized: 10 MB and 100 MB

Results go to ``benchmarks/results/eventlog.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "eventlog.json"
SOURCE = REPO / "tests" / "fixtures" / "spark" / "uniform_ok"


def real_events() -> list[dict[str, Any]]:
    """The events of the real fixture run, in order."""
    import zstandard

    (part,) = sorted(SOURCE.glob("eventlog_v2_*/events_*"))
    with part.open("rb") as fh:
        data = zstandard.ZstdDecompressor().stream_reader(fh).read()
    return [json.loads(line) for line in data.splitlines()]


def _dump(event: dict[str, Any]) -> str:
    return json.dumps(event, separators=(",", ":"))


def generate(path: Path, size_mb: int, seed: int = 11) -> dict[str, int]:
    """Write a plain event log of about ``size_mb`` MiB built from real events; return its shape."""
    rng = random.Random(seed)
    events = real_events()
    by_name: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        by_name.setdefault(event["Event"], []).append(event)
    head = [e for e in events if e["Event"] in _HEAD_EVENTS]
    task_end = max(by_name["SparkListenerTaskEnd"], key=lambda e: len(_dump(e)))
    target = size_mb * 1024 * 1024
    counts = {"stages": 0, "tasks": 0, "lines": 0}
    with path.open("w", encoding="utf-8") as fh:
        for event in head:
            fh.write(_dump(event) + "\n")
        written, stage_id, task_id, job_id, clock = 0, 0, 0, 0, 1_795_373_200_000
        while written < target:
            lines: list[str] = []
            lines.append(
                _dump({**by_name["SparkListenerJobStart"][0], "Job ID": job_id, "Stage IDs": [stage_id]})
            )
            for plan in by_name.get("org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart", [])[
                :1
            ]:
                lines.append(_dump({**plan, "executionId": job_id}))
            tasks = rng.randrange(50, 400)
            lines.append(
                _dump(_stage_event(by_name["SparkListenerStageSubmitted"][0], stage_id, tasks, clock))
            )
            skewed = rng.random() < 0.1
            for index in range(tasks):
                lines.append(
                    _dump(_task_start(by_name["SparkListenerTaskStart"][0], stage_id, task_id, index, clock))
                )
                lines.append(
                    _dump(_task_end(task_end, rng, stage_id, task_id, index, clock, skewed and index == 0))
                )
                task_id += 1
            completed = _stage_event(by_name["SparkListenerStageCompleted"][0], stage_id, tasks, clock)
            lines.append(_dump(completed))
            lines.append(_dump({**by_name["SparkListenerJobEnd"][0], "Job ID": job_id}))
            chunk = "\n".join(lines) + "\n"
            fh.write(chunk)
            written += len(chunk)
            counts["stages"] += 1
            counts["tasks"] += tasks
            counts["lines"] += len(lines)
            stage_id, job_id, clock = stage_id + 1, job_id + 1, clock + 60_000
        fh.write(_dump(by_name["SparkListenerApplicationEnd"][0]) + "\n")
    return {"bytes": path.stat().st_size, **counts}


_HEAD_EVENTS = (
    "SparkListenerLogStart",
    "SparkListenerResourceProfileAdded",
    "SparkListenerExecutorAdded",
    "SparkListenerBlockManagerAdded",
    "SparkListenerEnvironmentUpdate",
    "SparkListenerApplicationStart",
)


def _stage_event(template: dict[str, Any], stage_id: int, tasks: int, clock: int) -> dict[str, Any]:
    info = {**template["Stage Info"], "Stage ID": stage_id, "Number of Tasks": tasks}
    info["Submission Time"] = clock
    if "Completion Time" in info:
        info["Completion Time"] = clock + 50_000
    return {**template, "Stage Info": info}


def _task_start(
    template: dict[str, Any], stage_id: int, task_id: int, index: int, clock: int
) -> dict[str, Any]:
    info = {**template["Task Info"], "Task ID": task_id, "Index": index, "Launch Time": clock + index}
    return {**template, "Stage ID": stage_id, "Task Info": info}


def _task_end(
    template: dict[str, Any],
    rng: random.Random,
    stage_id: int,
    task_id: int,
    index: int,
    clock: int,
    hot: bool,
) -> dict[str, Any]:
    event = {**template, "Stage ID": stage_id}
    event["Task Info"] = {
        **template["Task Info"],
        "Task ID": task_id,
        "Index": index,
        "Launch Time": clock + index,
        "Finish Time": clock + index + rng.randrange(200, 5000),
    }
    metrics = dict(template["Task Metrics"])
    read = dict(metrics.get("Shuffle Read Metrics") or {})
    size = rng.randrange(1 << 20, 8 << 20) * (200 if hot else 1)
    read["Local Bytes Read"], read["Remote Bytes Read"] = size // 2, size - size // 2
    metrics["Shuffle Read Metrics"] = read
    metrics["Executor Run Time"] = rng.randrange(100, 5000)
    metrics["JVM GC Time"] = rng.randrange(0, 300)
    event["Task Metrics"] = metrics
    if rng.random() < 0.001:
        event["Task End Reason"] = {
            "Reason": "ExceptionFailure",
            "Class Name": "java.lang.OutOfMemoryError",
            "Description": "Java heap space",
            "Stack Trace": [],
        }
    return event


def compress(plain: Path, target: Path) -> float:
    """zstd-compress ``plain`` as Spark would (seconds taken, not part of the benchmark)."""
    import zstandard

    start = time.perf_counter()
    with plain.open("rb") as src, target.open("wb") as dst:
        zstandard.ZstdCompressor(level=1).copy_stream(src, dst)
    return time.perf_counter() - start


def _lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as fh:
        yield from fh


def run_mode(mode: str, path: Path) -> dict[str, Any]:
    """One measurement in this process (call in a fresh process for a clean peak RSS)."""
    start = time.perf_counter()
    result: dict[str, Any] = {}
    if mode == "parse":
        from airflow_pipeline_debugger.adapters.spark.eventlog import parse_event_log

        summary = parse_event_log(path)
        worst = max(summary.stages, key=lambda s: s["skew"]["shuffle_read_ratio"])
        result = {
            "events": summary.events,
            "stages_kept": len(summary.stages),
            "stages_dropped": summary.stages_dropped,
            "worst_skew_ratio": worst["skew"]["shuffle_read_ratio"],
        }
    elif mode == "json_loads":
        events = 0
        for line in _lines(path):
            json.loads(line)
            events += 1
        result = {"events": events}
    else:
        raise ValueError(mode)
    result["seconds"] = time.perf_counter() - start
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def in_subprocess(mode: str, path: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", mode, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def run_grep(path: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        ["grep", "-c", '"Event"', str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )
    if proc.returncode > 1:
        raise RuntimeError(proc.stderr)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-mb", type=int, default=512, help="size of the large log (default 512)")
    parser.add_argument(
        "--small-mb", type=int, default=0, help="size of the small log (default size/8, min 10)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--measure", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(run_mode(args.measure[0], Path(args.measure[1]))))
        return 0
    small_mb = args.small_mb or max(10, args.size_mb // 8)
    report: dict[str, Any] = {"source": str(SOURCE.relative_to(REPO)), "runs": []}
    with tempfile.TemporaryDirectory(prefix="bench-eventlog-") as tmp:
        for size in (small_mb, args.size_mb):
            plain = Path(tmp) / f"local-1795373198539_{size}"
            shape = generate(plain, size)
            packed = Path(tmp) / f"{plain.name}.zstd"
            compress(plain, packed)
            subprocess.run(["cat", str(plain)], stdout=subprocess.DEVNULL, check=True)  # warm the cache
            grep_s = run_grep(plain)
            loads = in_subprocess("json_loads", plain)
            parse_plain = in_subprocess("parse", plain)
            parse_zstd = in_subprocess("parse", packed)
            mb = shape["bytes"] / 1e6
            run = {
                "size_mb": size,
                "bytes": shape["bytes"],
                "zstd_bytes": packed.stat().st_size,
                "events": parse_plain["events"],
                "tasks": shape["tasks"],
                "stages": shape["stages"],
                "stages_kept": parse_plain["stages_kept"],
                "worst_skew_ratio": parse_plain["worst_skew_ratio"],
                "grep_seconds": round(grep_s, 3),
                "json_loads_seconds": round(loads["seconds"], 3),
                "parse_plain_seconds": round(parse_plain["seconds"], 3),
                "parse_zstd_seconds": round(parse_zstd["seconds"], 3),
                "parse_plain_mb_per_s": round(mb / parse_plain["seconds"], 1),
                "parse_zstd_mb_per_s": round(mb / parse_zstd["seconds"], 1),
                "json_loads_mb_per_s": round(mb / loads["seconds"], 1),
                "ratio_parse_over_json_loads": round(parse_plain["seconds"] / loads["seconds"], 2),
                "ratio_parse_zstd_over_json_loads": round(parse_zstd["seconds"] / loads["seconds"], 2),
                "ratio_parse_over_grep": round(parse_plain["seconds"] / grep_s, 2),
                "parse_peak_rss_mb": round(parse_plain["peak_rss_mb"], 1),
                "parse_zstd_peak_rss_mb": round(parse_zstd["peak_rss_mb"], 1),
                "json_loads_peak_rss_mb": round(loads["peak_rss_mb"], 1),
            }
            if parse_plain["events"] != loads["events"] or parse_zstd["events"] != loads["events"]:
                raise RuntimeError(f"event counts differ: {parse_plain}, {parse_zstd}, {loads}")
            report["runs"].append(run)
            print(
                f"{size:>5} MB ({run['events']} events, {run['tasks']} tasks): "
                f"parse {run['parse_plain_seconds']}s "
                f"({run['parse_plain_mb_per_s']} MB/s), zstd {run['parse_zstd_seconds']}s, json.loads "
                f"{run['json_loads_seconds']}s, grep {run['grep_seconds']}s; ratio vs json.loads "
                f"{run['ratio_parse_over_json_loads']}x, vs grep {run['ratio_parse_over_grep']}x; "
                f"peak RSS {run['parse_peak_rss_mb']} MB (zstd {run['parse_zstd_peak_rss_mb']} MB)"
            )
            plain.unlink()
            packed.unlink()
    small, large = report["runs"]
    report["rss_growth_large_over_small"] = round(large["parse_peak_rss_mb"] / small["parse_peak_rss_mb"], 2)
    report["rss_growth_zstd_large_over_small"] = round(
        large["parse_zstd_peak_rss_mb"] / small["parse_zstd_peak_rss_mb"], 2
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"peak RSS large/small: {report['rss_growth_large_over_small']}x; saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
