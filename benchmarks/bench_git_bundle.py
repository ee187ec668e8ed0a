"""Benchmark reading a git bundle's change evidence: what one investigation pays for git.

Builds a repository of 300 modules and 200 commits (a third of them edit the DAG file), clones it
bare as ``GitDagBundle`` keeps it, then times in one run (a) the baseline, one unrestricted
``git log -p`` over the 50 commits between the two versions (what a naive reader pays), and (b)
``git_bundle.compare`` over the same range, limited to the files the task touches (three capped,
hardened git commands).

    .venv/bin/python benchmarks/bench_git_bundle.py

Results go to ``benchmarks/results/git_bundle.json`` (milliseconds, ratio to the baseline).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from airflow_pipeline_debugger.adapters.airflow.git_bundle import compare, task_files

RESULTS = Path(__file__).resolve().parent / "results" / "git_bundle.json"
MODULES, COMMITS, BETWEEN, REPEAT = 300, 200, 50, 20
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(repo: Path, *args: str) -> str:
    """One git command in ``repo``; its output."""
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=ENV, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def build(root: Path) -> tuple[Path, list[str]]:
    """The bare clone and the commit ids, oldest first."""
    work = root / "work"
    (work / "pkg").mkdir(parents=True)
    git(work, "init", "-q", "-b", "main")
    for i in range(MODULES):
        (work / "pkg" / f"m{i}.py").write_text("x = 1\n" * 200)
    (work / "dag.py").write_text("from pkg.m1 import x\n" + "y = 1\n" * 300)
    shas = []
    for c in range(COMMITS):
        path = work / ("dag.py" if c % 3 == 0 else f"pkg/m{c % MODULES}.py")
        path.write_text(path.read_text() + f"z{c} = {c}\n")
        git(work, "add", "-A")
        git(work, "commit", "-q", "-m", f"change {c}")
        shas.append(git(work, "rev-parse", "HEAD"))
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(root / "bare")], check=True)
    return root / "bare", shas


def timed(work: Callable[[], object]) -> float:
    """Median milliseconds of ``REPEAT`` calls."""
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Build, measure both, write the result file and print it."""
    with tempfile.TemporaryDirectory() as tmp:
        bare, shas = build(Path(tmp))
        then, now = shas[-BETWEEN - 1], shas[-1]
        touches = task_files("dag.py", "from pkg.m1 import x\n", ["python /opt/jobs/pkg/m7.py"])
        found = compare(bare, then, now, touches)
        baseline = timed(lambda: git(bare, "log", "-p", f"{then}..{now}"))
        ours = timed(lambda: compare(bare, then, now, touches))
    result = {
        "commits_between": len(found.commits),
        "files_changed": len(found.changed_files),
        "files_touched": found.touched_files,
        "changed_lines": len(found.lines),
        "baseline_git_log_p_median_ms": round(baseline, 1),
        "compare_median_ms": round(ours, 1),
        "compare_ratio_to_baseline": round(ours / baseline, 2),
    }
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
