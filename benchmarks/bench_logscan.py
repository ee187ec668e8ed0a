"""Benchmark the streaming log scanner against ``grep -E`` with the same patterns on the same file.

Generates a realistic log (Airflow 3 JSON task-log lines, classic Airflow text lines, Spark driver
noise, JVM GC lines, a sprinkling of warnings and a few real failures), scans it with every
built-in adapter pattern, runs ``grep -E -c -f <the same patterns as ERE>`` on the same file in the
same run, and reports the throughput ratio plus the scanner's peak RSS for a small and a large file
(each measured in a fresh process, so the numbers show memory does not grow with the log).

    .venv/bin/python benchmarks/bench_logscan.py                 # 100 MB and 1024 MB
    .venv/bin/python benchmarks/bench_logscan.py --size-mb 50    # CI-sized: 10 MB and 50 MB

Results go to ``benchmarks/results/logscan.json``. Target: scanner time within 3x of grep.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "logscan.json"

_NOISE = (
    '{{"timestamp":"2026-03-01T02:{m:02d}:{s:02d}.{ms:03d}Z","level":"info","event":"Fetched {r} records '
    'from page {n}","logger":"task.stdout"}}',
    "[2026-03-01T02:{m:02d}:{s:02d}.{ms:03d}+0000] {{taskinstance.py:{n}}} INFO - Processing batch {n} "
    "rows={r}",
    "26/03/01 02:{m:02d}:{s:02d} INFO TaskSetManager: Finished task {n}.0 in stage 3.0 (TID {r}) in {ms} ms "
    "on 10.0.0.{s} (executor {n}) ({n}/200)",
    "26/03/01 02:{m:02d}:{s:02d} INFO BlockManagerInfo: Added broadcast_{n}_piece0 in memory on "
    "10.0.0.{s}:4{ms} (size: 5.2 KiB, free: 2.1 GiB)",
    "[GC (Allocation Failure) [PSYoungGen: {r}K->{n}K({ms}K)] {r}K->{n}K(9{r}K), 0.00{ms} secs] "
    "[Times: user=0.0{s} sys=0.00, real=0.00{s} secs]",
    "26/03/01 02:{m:02d}:{s:02d} INFO DAGScheduler: Submitting {n} missing tasks from ResultStage 3 "
    "(MapPartitionsRDD[{r}] at save at NativeMethodAccessorImpl.java:0)",
    '{{"timestamp":"2026-03-01T02:{m:02d}:{s:02d}.{ms:03d}Z","level":"debug","event":"Heartbeat '
    'sent","ti_id":"0190{r:08d}-aaaa-7bbb-8ccc-{n:012d}","logger":"supervisor"}}',
)
_WARNINGS = (
    "26/03/01 02:{m:02d}:{s:02d} WARN TaskMemoryManager: Failed to allocate a page ({r} bytes), try again.",
    "[2026-03-01T02:{m:02d}:{s:02d}.{ms:03d}+0000] {{warnings.py:110}} WARNING - DeprecationWarning: "
    "pandas.Int64Index is deprecated",
)
_FAILURES = (
    "26/03/01 02:59:01 WARN TaskSetManager: Lost task 7.0 in stage 3.0 (TID 4242) (10.0.0.9 executor 4): "
    "java.lang.OutOfMemoryError: Java heap space",
    "26/03/01 02:59:02 ERROR YarnScheduler: Lost executor 4 on 10.0.0.9: Container killed by YARN for "
    "exceeding physical memory limits. 9.1 GB of 9 GB physical memory used.",
    "Traceback (most recent call last):\n"
    '  File "/opt/airflow/dags/etl.py", line 42, in transform\n'
    '    customer = row["customer_id"]\n'
    "KeyError: 'customer_id'",
    '{"timestamp":"2026-03-01T03:00:00.000Z","level":"error","event":"Task failed with exception",'
    '"error_detail":[{"exc_type":"OSError","exc_value":"[Errno 28] No space left on device",'
    '"is_cause":false,"frames":[{"filename":"/opt/airflow/dags/etl.py","lineno":77,"name":"write"}]}],'
    '"logger":"task"}',
)


def generate(path: Path, size_mb: int, seed: int = 7) -> dict[str, int]:
    """Write a realistic log of about ``size_mb`` MiB; a few failures are spread through it."""
    rng = random.Random(seed)
    target = size_mb * 1024 * 1024
    written = 0
    lines = 0
    failures_at = sorted(rng.randrange(target) for _ in range(6))
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            batch = []
            for _ in range(2000):
                m, s, ms, n, r = (
                    rng.randrange(60),
                    rng.randrange(60),
                    rng.randrange(1000),
                    rng.randrange(997),
                    rng.randrange(10**6),
                )
                roll = rng.random()
                tmpl = rng.choice(_WARNINGS) if roll < 0.01 else rng.choice(_NOISE)
                batch.append(tmpl.format(m=m, s=s, ms=ms, n=n, r=r))
            while failures_at and failures_at[0] <= written:
                failures_at.pop(0)
                batch.append(rng.choice(_FAILURES))
            chunk = "\n".join(batch) + "\n"
            fh.write(chunk)
            written += len(chunk)
            lines += chunk.count("\n")
    return {"bytes": path.stat().st_size, "lines": lines}


def builtin_patterns() -> list[Any]:
    """Every pattern of every built-in adapter (what ``collect_evidence`` scans with at most)."""
    from airflow_pipeline_debugger.adapters.registry import all_adapters

    return [p for adapter in all_adapters() for p in adapter.patterns]


def to_ere(regex: str, flags: int) -> str | None:
    """Translate a Python regex to a POSIX ERE for GNU grep (lookarounds dropped); None if impossible."""
    out = regex
    case_insensitive = bool(flags & re.IGNORECASE) or out.startswith("(?i)")
    out = out.removeprefix("(?i)")
    out = _drop_lookarounds(out)
    out = re.sub(r"\(\?P<\w+>", "(", out)
    out = out.replace("(?:", "(")
    out = out.replace("+?", "+").replace("*?", "*").replace("??", "?").replace("}?", "}")
    out = _translate_classes(out)
    out = out.replace(r"\d", "[0-9]").replace(r"\s", "[[:space:]]").replace(r"\S", "[^[:space:]]")
    out = out.replace(r"\"", '"').replace(r"\'", "'").replace(r"\-", "-").replace(r"\/", "/")
    if "(?" in out:
        return None
    if case_insensitive:
        out = re.sub(r"(?<!\\)([A-Za-z])", lambda m: f"[{m.group(1).lower()}{m.group(1).upper()}]", out)
    return out


def _drop_lookarounds(regex: str) -> str:
    result, i = [], 0
    while i < len(regex):
        if regex.startswith(("(?=", "(?!", "(?<=", "(?<!"), i) and (i == 0 or regex[i - 1] != "\\"):
            depth, j = 0, i
            while j < len(regex):
                if regex[j] == "\\":
                    j += 2
                    continue
                if regex[j] == "(":
                    depth += 1
                elif regex[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            i = j + 1
            continue
        result.append(regex[i])
        i += 1
    return "".join(result)


def _translate_classes(regex: str) -> str:
    """Rewrite escapes inside ``[...]`` to POSIX bracket syntax."""

    def fix(m: re.Match[str]) -> str:
        body = m.group(1)
        neg = body.startswith("^")
        body = body[1:] if neg else body
        body = (
            body.replace(r"\d", "0-9")
            .replace(r"\w", "[:alnum:]_")
            .replace(r"\s", "[:space:]")
            .replace(r"\n", "")
            .replace(r"\"", '"')
            .replace(r"\\", "\\")
            .replace(r"\.", ".")
            .replace(r"\/", "/")
        )
        close = r"\]" in body
        body = body.replace(r"\]", "")
        if r"\-" in body:
            body = body.replace(r"\-", "") + "-"
        return "[" + ("^" if neg else "") + ("]" if close else "") + body + "]"

    return re.sub(r"(?<!\\)\[((?:\\.|[^\]\\])+)\]", fix, regex)


def run_scan(path: Path) -> dict[str, Any]:
    """Scan in this process; return timing and peak RSS (call in a fresh process for a clean RSS)."""
    from airflow_pipeline_debugger.evidence.logscan import LogScanner, ScanLimits

    scanner = LogScanner(builtin_patterns(), ScanLimits(max_bytes=1 << 40))
    start = time.perf_counter()
    result = scanner.scan_path(path)
    elapsed = time.perf_counter() - start
    return {
        "seconds": elapsed,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "lines": result.line_count,
        "errors": result.error_count,
        "warnings": result.warning_count,
        "signals": dict(sorted(result.counts.items())),
        "anchors": len(scanner.anchors),
        "excerpt_bytes": len(result.excerpt.encode()),
    }


def run_grep(path: Path, pattern_file: Path) -> dict[str, Any]:
    start = time.perf_counter()
    proc = subprocess.run(
        ["grep", "-E", "-c", "-f", str(pattern_file), str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )
    elapsed = time.perf_counter() - start
    if proc.returncode > 1:
        raise RuntimeError(f"grep failed: {proc.stderr.strip()}")
    return {"seconds": elapsed, "matching_lines": int(proc.stdout.strip() or 0)}


def scan_in_subprocess(path: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--scan-only", str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-mb", type=int, default=1024, help="size of the large log (default 1024)")
    parser.add_argument(
        "--small-mb", type=int, default=0, help="size of the small log (default size/10, min 10)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--scan-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scan_only:
        print(json.dumps(run_scan(args.scan_only)))
        return 0

    patterns = builtin_patterns()
    eres, skipped = [], []
    for p in patterns:
        ere = to_ere(p.regex, p.flags)
        (eres.append(ere) if ere else skipped.append(p.code))
    small_mb = args.small_mb or max(10, args.size_mb // 10)
    report: dict[str, Any] = {
        "patterns": len(patterns),
        "grep_patterns": len(eres),
        "not_translatable_for_grep": skipped,
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="bench-logscan-") as tmp:
        pattern_file = Path(tmp) / "patterns.ere"
        pattern_file.write_text("\n".join(eres) + "\n")
        for size in (small_mb, args.size_mb):
            log = Path(tmp) / f"log_{size}mb.log"
            gen = generate(log, size)
            # Warm the page cache so neither side pays for the first read.
            subprocess.run(["cat", str(log)], stdout=subprocess.DEVNULL, check=True)
            grep = run_grep(log, pattern_file)
            scan = scan_in_subprocess(log)
            run = {
                "size_mb": size,
                "bytes": gen["bytes"],
                "lines": gen["lines"],
                "grep_seconds": round(grep["seconds"], 3),
                "grep_matching_lines": grep["matching_lines"],
                "scan_seconds": round(scan["seconds"], 3),
                "scan_mb_per_s": round(gen["bytes"] / 1e6 / scan["seconds"], 1),
                "grep_mb_per_s": round(gen["bytes"] / 1e6 / grep["seconds"], 1),
                "ratio_scan_over_grep": round(scan["seconds"] / grep["seconds"], 2),
                "scan_peak_rss_mb": round(scan["peak_rss_mb"], 1),
                "scan_errors": scan["errors"],
                "scan_warnings": scan["warnings"],
                "scan_signals": scan["signals"],
                "anchors": scan["anchors"],
                "excerpt_bytes": scan["excerpt_bytes"],
            }
            report["runs"].append(run)
            print(
                f"{size:>6} MB: scan {run['scan_seconds']:.2f}s ({run['scan_mb_per_s']} MB/s), "
                f"grep -E {run['grep_seconds']:.2f}s ({run['grep_mb_per_s']} MB/s), "
                f"ratio {run['ratio_scan_over_grep']}x, scanner peak RSS {run['scan_peak_rss_mb']} MB"
            )
            log.unlink()
    rss = [r["scan_peak_rss_mb"] for r in report["runs"]]
    report["rss_growth_large_over_small"] = round(rss[-1] / rss[0], 2)
    report["target_ratio"] = 3.0
    report["within_target"] = report["runs"][-1]["ratio_scan_over_grep"] <= 3.0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    growth = report["rss_growth_large_over_small"]
    print(f"peak RSS large/small: {growth}x; within 3x of grep: {report['within_target']}")
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
