"""Benchmark ``analyze`` and the log scanner against ``grep -E`` with the same patterns on the same files.

Three 1 GB profiles (``benchmarks/logprofiles.py``, generated into a temporary directory), each with
its decisive error at the very end: a quiet mixed log, a Spark driver log dying of memory pressure
(more than half its lines GC / ``Failed to allocate a page``), and an Airflow 3 JSON-lines task log
with 30 % warnings. For each: ``grep -E -c -f <every built-in pattern as ERE>`` (the baseline, in the
same run), the scanner alone, and ``airflow-pipeline-debugger analyze --no-llm`` end to end, each in a
fresh process with its peak RSS; the scan's last error and the answer must hold the decisive error.

    .venv/bin/python benchmarks/bench_logscan.py                 # 1024 MB per profile
    .venv/bin/python benchmarks/bench_logscan.py --size-mb 50    # CI-sized

Results go to ``benchmarks/results/logscan.json``. Target: analyze within 3x of grep (bar 5x),
peak RSS <= 200 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from logprofiles import PROFILES, generate

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "logscan.json"


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
    """Scan in this process; return timing and what was found (call in a fresh process)."""
    from airflow_pipeline_debugger.evidence.logscan import LogScanner, ScanLimits

    scanner = LogScanner(builtin_patterns(), ScanLimits(max_bytes=1 << 40))
    start = time.perf_counter()
    result = scanner.scan_path(path)
    elapsed = time.perf_counter() - start
    return {
        "seconds": elapsed,
        "lines": result.line_count,
        "errors": result.error_count,
        "warnings": result.warning_count,
        "last_error": result.last_error.text if result.last_error else None,
        "signals": dict(sorted(result.counts.items())),
        "excerpt_bytes": len(result.excerpt.encode()),
    }


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and stdout of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # max over children so far: see main()
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and cmd[0] != "grep"):
        raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}): {err.decode(errors='replace')[-500:]}")
    return elapsed, usage.ru_maxrss / 1024, out.decode(errors="replace")


def measure(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """``timed`` in a wrapper process, so the peak RSS is this command's own, not an earlier one's."""
    wrapper = [sys.executable, __file__, "--timed", json.dumps({"cmd": cmd, "env": env})]
    out = subprocess.run(wrapper, capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    return data["seconds"], data["peak_rss_mb"], data["stdout"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-mb", type=int, default=1024, help="size of each profile (default 1024)")
    parser.add_argument("--profile", action="append", choices=sorted(PROFILES), help="only these profiles")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side (median; default 3)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--scan-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--timed", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scan_only:
        print(json.dumps(run_scan(args.scan_only)))
        return 0
    if args.timed:
        spec = json.loads(args.timed)
        seconds, rss, stdout = timed(spec["cmd"], spec["env"])
        print(json.dumps({"seconds": seconds, "peak_rss_mb": rss, "stdout": stdout}))
        return 0

    patterns = builtin_patterns()
    eres, skipped = [], []
    for p in patterns:
        ere = to_ere(p.regex, p.flags)
        (eres.append(ere) if ere else skipped.append(p.code))
    report: dict[str, Any] = {
        "patterns": len(patterns),
        "grep_patterns": len(eres),
        "not_translatable_for_grep": skipped,
        "size_mb": args.size_mb,
        "repeat": args.repeat,
        "runs": [],
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "_AIRFLOW"))}
    with tempfile.TemporaryDirectory(prefix="bench-logscan-") as tmp:
        env["AIRFLOW_HOME"] = str(Path(tmp) / "airflow_home")
        env["AIRFLOW__PIPELINE_DEBUGGER__LOG_SCAN_MAX_BYTES"] = str(2 * args.size_mb * 1024 * 1024)
        pattern_file = Path(tmp) / "patterns.ere"
        pattern_file.write_text("\n".join(eres) + "\n")
        for name in args.profile or list(PROFILES):
            profile = PROFILES[name]
            log = Path(tmp) / f"{name}.log"
            gen = generate(profile, log, args.size_mb)
            # Warm the page cache so no side pays for the first read.
            subprocess.run(["cat", str(log)], stdout=subprocess.DEVNULL, check=True)
            grep_cmd = ["grep", "-E", "-c", "-f", str(pattern_file), str(log)]
            cli = [sys.executable, "-m", "airflow_pipeline_debugger.cli", "analyze", "--log", str(log)]
            # Interleaved repeats, medians: the machine may be shared, and a ratio must not depend
            # on which side a burst of someone else's load fell on.
            grep_runs, scan_runs, analyze_runs = [], [], []
            for _ in range(args.repeat):
                grep_runs.append(measure(grep_cmd, {**env, "LC_ALL": "C"}))
                scan_runs.append(measure([sys.executable, __file__, "--scan-only", str(log)]))
                analyze_runs.append(measure([*cli, "--no-llm", "--format", "json"], env))
            grep_s = statistics.median(r[0] for r in grep_runs)
            grep_out = grep_runs[0][2]
            scan_rss = max(r[1] for r in scan_runs)
            scan = json.loads(scan_runs[0][2])
            scan["seconds"] = statistics.median(json.loads(r[2])["seconds"] for r in scan_runs)
            analyze_s = statistics.median(r[0] for r in analyze_runs)
            analyze_rss = max(r[1] for r in analyze_runs)
            answer = analyze_runs[0][2]
            run = {
                "profile": name,
                "bytes": gen["bytes"],
                "lines": gen["lines"],
                "grep_seconds": round(grep_s, 3),
                "grep_matching_lines": int(grep_out.strip() or 0),
                "scan_seconds": round(scan["seconds"], 3),
                "scan_peak_rss_mb": round(scan_rss, 1),
                "analyze_seconds": round(analyze_s, 3),
                "analyze_peak_rss_mb": round(analyze_rss, 1),
                "analyze_mb_s": round(gen["bytes"] / 1e6 / analyze_s, 1),
                "grep_mb_s": round(gen["bytes"] / 1e6 / grep_s, 1),
                "ratio_scan_over_grep": round(scan["seconds"] / grep_s, 2),
                "ratio_analyze_over_grep": round(analyze_s / grep_s, 2),
                "scan_warnings": scan["warnings"],
                "scan_errors": scan["errors"],
                "scan_signals": scan["signals"],
                "last_error": scan["last_error"],
                "decisive_error_is_last_error": profile.decisive in (scan["last_error"] or ""),
                "decisive_error_in_answer": profile.decisive in answer,
                "excerpt_bytes": scan["excerpt_bytes"],
            }
            report["runs"].append(run)
            print(
                f"{name:>13}: analyze {analyze_s:.2f}s ({run['ratio_analyze_over_grep']}x grep), "
                f"scan {scan['seconds']:.2f}s ({run['ratio_scan_over_grep']}x), grep -E {grep_s:.2f}s; "
                f"peak RSS analyze {run['analyze_peak_rss_mb']} MB; decisive error last/in answer: "
                f"{run['decisive_error_is_last_error']}/{run['decisive_error_in_answer']}",
                flush=True,
            )
            log.unlink()
    worst = max(r["ratio_analyze_over_grep"] for r in report["runs"])
    report["worst_ratio_analyze_over_grep"] = worst
    report["max_analyze_peak_rss_mb"] = max(r["analyze_peak_rss_mb"] for r in report["runs"])
    report["target_ratio"] = 3.0
    report["bar_ratio"] = 5.0
    report["within_target"] = worst <= 3.0 and report["max_analyze_peak_rss_mb"] <= 200
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"worst analyze/grep {worst}x; within 3x and 200 MB: {report['within_target']}")
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
