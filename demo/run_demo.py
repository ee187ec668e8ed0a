"""The demo: real failing pipelines on an embedded Airflow, investigated by the provider.

Starts Airflow 3 (scheduler, dag-processor, api-server, LocalExecutor) on SQLite in
``out/demo/airflow-home``, with the example DAGs of ``example_dags/`` — plain Airflow failures, dbt
builds that break and Spark jobs that die — triggers each once, waits until every failed task has a
finished investigation, then prints what was concluded, writes each Markdown report to
``out/demo/reports/`` and checks the conclusions against ``example_dags/expected.toml``.

No model key is needed: the deterministic engine answers; set ``ANTHROPIC_API_KEY`` (or an Airflow
connection, see the README) and Claude works on top of it. Everything goes through the provider's own
HTTP API, the way the Investigation tab reads it.

Unless ``CI`` is set (or ``--no-serve`` given), Airflow keeps running afterwards so the Investigation
tab can be opened in a browser; Ctrl-C stops it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.airflow_cluster import AirflowCluster, ClusterError  # noqa: E402

EXAMPLES = ROOT / "example_dags"
OUT = ROOT / "out" / "demo"
API = "/pipeline-debugger/api"
FINISHED = {"succeeded", "failed", "interrupted"}
MODEL_VARIABLES = ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "OPENROUTER_API_KEY", "OPENROUTER_BASE_URL")


@dataclass(frozen=True)
class Expectation:
    """What the investigation of one example task must conclude."""

    dag_id: str
    task_id: str
    category: str
    rule: str


def load_expectations(path: Path) -> tuple[list[Expectation], set[tuple[str, str]]]:
    """The expected conclusions, and the tasks that must end without an investigation."""
    data = tomllib.loads(path.read_text())
    quiet = {tuple(key.split(".", 1)) for key in data.pop("no_investigation", {}).get("tasks", [])}
    expected = []
    for key, value in data.items():
        dag_id, task_id = key.split(".", 1)
        expected.append(Expectation(dag_id, task_id, value["category"], value["rule"]))
    return expected, {(d, t) for d, t in quiet}


def demo_environment(out: Path) -> dict[str, str]:
    """Provider settings for the demo: where the example tools leave their artifacts."""
    work = out / "work"
    events = work / "spark-events"
    for folder in (work / "dbt", work / "spark", events):
        folder.mkdir(parents=True, exist_ok=True)
    env = {
        # The example DAGs write their warehouses, data and tool artifacts under this folder.
        "PIPELINE_DEBUGGER_DEMO_DATA": str(work),
        "PIPELINE_DEBUGGER_SPARK_EVENT_LOG_DIR": str(events),
        "DBT_BIN": str(ROOT / ".venv-dbt" / "bin" / "dbt"),
        # The provider reads tool artifacts only from allow-listed roots.
        "AIRFLOW__PIPELINE_DEBUGGER__DBT_ARTIFACT_ROOTS": str(work / "dbt"),
        "AIRFLOW__PIPELINE_DEBUGGER__SPARK_EVENT_LOG_ROOTS": str(events),
        "AIRFLOW__PIPELINE_DEBUGGER__SWEEP_INTERVAL_SECONDS": "10",
    }
    # A model key in the shell reaches the runner (the cluster passes only what it is given).
    for name in ("JAVA_HOME", *MODEL_VARIABLES):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def investigations(cluster: AirflowCluster, dag_id: str) -> list[dict[str, Any]]:
    """Every investigation of a DAG, through the provider's API."""
    resp = cluster.api.get(f"{API}/investigations", params={"dag_id": dag_id, "limit": 100})
    resp.raise_for_status()
    return list(resp.json()["investigations"])


def wait_for_investigations(
    cluster: AirflowCluster, dag_ids: list[str], wanted: set[tuple[str, str]], timeout: float
) -> dict[tuple[str, str], dict[str, Any]]:
    """Poll until every wanted (dag, task) has a finished investigation; the newest per task."""
    deadline = time.monotonic() + timeout
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    while True:
        latest = {}
        for dag_id in dag_ids:
            for item in investigations(cluster, dag_id):
                key = (item["dag_id"], item["task_id"])
                latest.setdefault(key, item)  # the API lists newest first
        done = {k for k, v in latest.items() if v["status"] in FINISHED}
        if wanted <= done:
            return latest
        if time.monotonic() > deadline:
            missing = sorted(f"{d}.{t}" for d, t in wanted - done)
            raise ClusterError(f"no finished investigation after {timeout:.0f}s for: {', '.join(missing)}")
        time.sleep(3)


def root_rule(detail: dict[str, Any]) -> str:
    """The deterministic rule behind the root cause ('' when the root cause came from elsewhere)."""
    for finding in detail.get("findings", []):
        if finding.get("kind") == "root_cause":
            return str((finding.get("data") or {}).get("rule_id") or "")
    return ""


def seconds_between(start: str | None, end: str | None) -> float | None:
    """Seconds from one ISO timestamp to another (``None`` when either is missing)."""
    if not start or not end:
        return None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def print_table(rows: list[list[str]]) -> None:
    """A plain fixed-width table on stdout."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def latency_line(values: list[float]) -> str:
    """``p50 … s, p95 … s (n=…)``: percentiles interpolated between the measured values."""
    if len(values) < 2:
        return "n/a" if not values else f"{values[0]:.1f} s (n=1)"
    p95 = statistics.quantiles(values, n=20, method="inclusive")[-1]
    median, worst = statistics.median(values), max(values)
    return f"p50 {median:.1f} s, p95 {p95:.1f} s, max {worst:.1f} s (n={len(values)})"


def summarise(
    cluster: AirflowCluster,
    expected: list[Expectation],
    quiet: set[tuple[str, str]],
    latest: dict[tuple[str, str], dict[str, Any]],
    reports: Path,
) -> list[str]:
    """Print the conclusions, save the reports; the mismatches against the expectations."""
    rows = [["task", "category", "conf.", "queued", "to root cause", "root cause", "check"]]
    engines: set[str] = set()
    queued_s: list[float] = []
    took_s: list[float] = []
    triggers: Counter[str] = Counter()
    problems: list[str] = []
    for exp in expected:
        item = latest[(exp.dag_id, exp.task_id)]
        detail = cluster.api.get(f"{API}/investigations/{item['id']}").json()
        report = cluster.api.get(f"{API}/investigations/{item['id']}/report.md")
        report.raise_for_status()
        (reports / f"{exp.dag_id}.{exp.task_id}.md").write_text(report.text)
        rule = root_rule(detail)
        engines.add(str(detail.get("engine") or "?"))
        ti = cluster.task_instance(exp.dag_id, item["run_id"], exp.task_id)
        queued = seconds_between(ti.get("end_date"), item.get("created_at"))
        took = seconds_between(ti.get("end_date"), item.get("finished_at"))
        queued_s += [] if queued is None else [queued]
        took_s += [] if took is None else [took]
        triggers[str(item.get("trigger") or "?")] += 1
        # A model's root cause may name no rule; then the category alone is checked.
        rule_ok = rule == exp.rule or (not rule and detail.get("engine") == "model")
        ok = item["status"] == "succeeded" and item["category"] == exp.category and rule_ok
        if not ok:
            problems.append(
                f"{exp.dag_id}.{exp.task_id}: got {item['status']}/{item['category']}/{rule or '-'}, "
                f"expected succeeded/{exp.category}/{exp.rule}"
            )
        confidence = "" if item.get("confidence") is None else f"{item['confidence']}%"
        title = (item.get("root_cause_title") or "")[:90]
        rows.append(
            [
                f"{exp.dag_id}.{exp.task_id}",
                item["category"] or "-",
                confidence,
                "" if queued is None else f"{queued:.1f} s",
                "" if took is None else f"{took:.1f} s",
                title,
                "ok" if ok else "MISMATCH",
            ]
        )
    for dag_id, task_id in sorted(quiet):
        if (dag_id, task_id) in latest:
            problems.append(f"{dag_id}.{task_id}: succeeded on retry but was investigated")
        rows.append(
            [
                f"{dag_id}.{task_id}",
                "-",
                "",
                "",
                "",
                "(succeeded on retry: no investigation)",
                "MISMATCH" if (dag_id, task_id) in latest else "ok",
            ]
        )
    print()
    print_table(rows)
    print(f"\nTask end → root cause in the DB: {latency_line(took_s)}; → queued: {latency_line(queued_s)}")
    print("Enqueued by: " + ", ".join(f"{name} {count}" for name, count in triggers.most_common()))
    model = sorted(e for e in engines if e not in {"deterministic", "cache"})
    print(
        f"\nEngine: {', '.join(sorted(engines))}"
        + ("" if model else " (no model key configured: the deterministic engine answered)")
    )
    print(f"Markdown reports: {reports}")
    for problem in problems:
        print(f"MISMATCH {problem}")

    return problems


def run(args: argparse.Namespace) -> int:
    """Start Airflow, run the examples, report; the exit code says whether every expectation held."""
    expected, quiet = load_expectations(EXAMPLES / "expected.toml")
    dag_ids = sorted({e.dag_id for e in expected} | {d for d, _ in quiet})
    if args.dag:
        dag_ids = [d for d in dag_ids if d in args.dag]
        expected = [e for e in expected if e.dag_id in dag_ids]
        quiet = {q for q in quiet if q[0] in dag_ids}
    out: Path = args.out.resolve()
    if out.is_dir() and any(out.iterdir()) and not (out / "airflow-home").is_dir():
        raise ClusterError(f"{out} is not empty and not an earlier demo folder; refusing to wipe it")
    shutil.rmtree(out, ignore_errors=True)
    reports = out / "reports"
    reports.mkdir(parents=True)
    env = demo_environment(out)

    print(f"Starting Airflow 3 on SQLite in {out / 'airflow-home'} …", flush=True)
    cluster = AirflowCluster(
        home=out / "airflow-home",
        dags_folder=EXAMPLES,
        backend="sqlite",
        port_range=(args.port, args.port + 40),
        extra_env=env,
        parallelism=2,
        start_timeout=300,
    )
    with cluster:
        print(f"Airflow is up at {cluster.base_url} (user admin, password admin).", flush=True)
        keys = [name for name in MODEL_VARIABLES if name.endswith("_KEY") and name in env]
        print(
            f"Model: {', '.join(keys)} set, the model refines each investigation."
            if keys
            else "Model: none configured; the deterministic engine investigates (no API key needed).",
            flush=True,
        )
        runs = {}
        for dag_id in dag_ids:
            cluster.wait_for_dag(dag_id, timeout=180)
            runs[dag_id] = cluster.trigger(dag_id)
            print(f"  triggered {dag_id} ({runs[dag_id]})", flush=True)
        for dag_id, run_id in runs.items():
            state = cluster.wait_for_run(dag_id, run_id, timeout=args.timeout)["state"]
            print(f"  {dag_id}: run {state}", flush=True)

        wanted = {(e.dag_id, e.task_id) for e in expected}
        print("Waiting for the investigations …", flush=True)
        latest = wait_for_investigations(cluster, dag_ids, wanted, timeout=args.timeout)

        problems = summarise(cluster, expected, quiet, latest, reports)

        if not args.no_serve:
            print(
                f"\nOpen {cluster.base_url} (admin/admin) → a failed task → the Investigation tab, or "
                f"{cluster.base_url}/pipeline-debugger/ui/investigations. Ctrl-C stops Airflow.",
                flush=True,
            )
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                print("Stopping Airflow …")
    return 1 if problems else 0


def _stop_on_sigterm() -> None:
    """SIGTERM stops Airflow like Ctrl-C does: the cluster's context manager stops every process.

    Without a handler Python dies at once and leaves Airflow (its own process groups) running and
    its port taken. A second signal while stopping is ignored, so the clean-up is not cut short.
    """

    def stop(signum: int, _frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("Stopping Airflow …", flush=True)
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python demo/run_demo.py [--no-serve] [--dag ID ...]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-serve",
        action="store_true",
        default=bool(os.environ.get("CI")),
        help="exit after the summary instead of keeping Airflow up (default when CI is set)",
    )
    parser.add_argument("--dag", action="append", help="only this example DAG (repeatable)")
    parser.add_argument("--out", type=Path, default=OUT, help="working folder (wiped first)")
    parser.add_argument("--port", type=int, default=8080, help="first port to try for the api-server")
    parser.add_argument(
        "--timeout", type=float, default=900, help="seconds to wait for runs and investigations"
    )
    _stop_on_sigterm()
    try:
        return run(parser.parse_args(argv))
    except ClusterError as exc:
        print(f"demo failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
