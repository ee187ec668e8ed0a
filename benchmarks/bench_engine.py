"""Wall time of a deterministic investigation of typical evidence, against reading the same files.

Evidence: a multi-MB Airflow task log ending in a real Spark driver log (skewed-join OOM), the real
Spark event log of that run (zstd, Spark 4 layout), and a real dbt target (run_results.json +
manifest.json). The baseline, measured in the same run, is ``Path.read_bytes`` of the same files: the
least any investigation has to do. Reported as medians and a ratio; saved to
``benchmarks/results/engine.json``.

    .venv/bin/python benchmarks/bench_engine.py [--log-mb 6] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPARK_RUN = ROOT / "tests" / "fixtures" / "spark" / "skew_oom"
DBT_TARGETS = (ROOT / "example_dags" / "dbt_project" / "target", ROOT / "eval" / "scenarios" / "dbt")
OUT = ROOT / "benchmarks" / "results" / "engine.json"


def _dbt_target(dest: Path) -> Path:
    """Copy the biggest dbt target available (run_results.json + manifest.json) into ``dest``."""
    candidates = [
        p.parent
        for base in DBT_TARGETS
        if base.exists()
        for p in base.rglob("run_results.json")
        if (p.parent / "manifest.json").exists()
    ]
    if not candidates:
        raise SystemExit("no dbt target with run_results.json and manifest.json found")
    source = max(candidates, key=lambda d: (d / "manifest.json").stat().st_size)
    target = dest / "target"
    target.mkdir()
    for name in ("run_results.json", "manifest.json"):
        shutil.copy2(source / name, target / name)
    return target


def build_evidence(dest: Path, log_mb: float) -> tuple[list[Path], list[Path]]:
    """Write the task log and copy the artifacts; return (logs, artifacts)."""
    driver = (SPARK_RUN / "driver.log").read_text(encoding="utf-8")
    # Typical INFO noise of a long-running task: the scanner must skip it cheaply.
    line = (
        "[2026-05-01, 10:{m:02d}:{s:02d} UTC] {{logging_mixin.py:190}} INFO - Loaded batch {i} "
        "(120000 rows, 7340032 bytes) from s3://lake/orders/dt=2026-05-01/part-00017\n"
    )
    log = dest / "task.log"
    target_bytes = int(log_mb * 1024 * 1024)
    with log.open("w", encoding="utf-8") as fh:
        written, i = 0, 0
        while written < target_bytes:
            text = line.format(m=(i // 60) % 60, s=i % 60, i=i)
            fh.write(text)
            written += len(text)
            i += 1
        fh.write(driver)
    event_log = next(SPARK_RUN.glob("eventlog_v2_*"))
    shutil.copytree(event_log, dest / event_log.name)
    return [log], [dest / event_log.name, _dbt_target(dest)]


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p])
    return out


def _median_seconds(fn, repeat: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--log-mb", type=float, default=6.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    from airflow_pipeline_debugger.engine.offline import OfflineSettings, analyze_files, collect_files
    from airflow_pipeline_debugger.engine.pipeline import analyse_bundle

    with tempfile.TemporaryDirectory(prefix="bench_engine_") as tmp:
        logs, artifacts = build_evidence(Path(tmp), args.log_mb)
        files = _files([*logs, *artifacts])
        total_bytes = sum(f.stat().st_size for f in files)
        settings = OfflineSettings.load(use_model=False)

        def baseline() -> None:
            for f in files:
                f.read_bytes()

        def investigation() -> None:
            analyze_files(logs, artifacts, settings)

        baseline()  # warm the page cache for both sides alike
        investigation()
        base_s, base_all = _median_seconds(baseline, args.repeat)
        engine_s, engine_all = _median_seconds(investigation, args.repeat)
        collect_s, _ = _median_seconds(lambda: collect_files(logs, artifacts), args.repeat)
        bundle = collect_files(logs, artifacts)
        analyse_s, _ = _median_seconds(lambda: analyse_bundle(bundle, settings.heuristics), args.repeat)
        run = analyze_files(logs, artifacts, settings)

    result = {
        "benchmark": "deterministic investigation vs Path.read_bytes of the same files",
        "evidence_bytes": total_bytes,
        "evidence_files": len(files),
        "repeat": args.repeat,
        "baseline_read_bytes_s": round(base_s, 4),
        "investigation_s": round(engine_s, 4),
        "ratio_investigation_to_read": round(engine_s / base_s, 1) if base_s else None,
        "collect_s": round(collect_s, 4),
        "rules_and_deterministic_s": round(analyse_s, 4),
        "throughput_mb_per_s": round(total_bytes / 1024 / 1024 / engine_s, 1),
        "all_runs_s": {
            "baseline": [round(t, 4) for t in base_all],
            "investigation": [round(t, 4) for t in engine_all],
        },
        "outcome": {
            "pipeline_type": run.result.pipeline_type.value,
            "root_cause_rule": run.result.root_cause.rule_id,
            "category": run.result.category.value,
            "evidence": len(run.bundle.evidence),
            "signals": len(run.bundle.signals),
        },
        "python": sys.version.split()[0],
        "machine": platform.machine(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"evidence {total_bytes / 1024 / 1024:.1f} MB in {len(files)} files\n"
        f"baseline read_bytes   {base_s * 1000:9.1f} ms\n"
        f"investigation         {engine_s * 1000:9.1f} ms  "
        f"(x{result['ratio_investigation_to_read']} baseline, {result['throughput_mb_per_s']} MB/s)\n"
        f"  collect evidence    {collect_s * 1000:9.1f} ms\n"
        f"  rules+deterministic {analyse_s * 1000:9.1f} ms\n"
        f"root cause: {result['outcome']['root_cause_rule'] or '-'} ({result['outcome']['category']})\n"
        f"saved {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
