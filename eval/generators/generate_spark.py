"""Generate the Spark eval scenarios by running the real example jobs with PySpark in local mode.

Each scenario runs one job of ``example_dags/spark_jobs`` as a task would (``python job.py`` with
event logging on), with the fault the scenario injects: skewed keys and a small heap, a renamed
upstream column, a NULL reaching a Python UDF, a missing input, a tiny ``maxResultSize``, a slow
broadcast, an executor JVM killed with SIGKILL on a ``local-cluster`` master, the driver JVM killed
the same way. It keeps what a failed Airflow task leaves behind: the driver's console output and the
event log Spark wrote (Spark 4's rolling ``eventlog_v2_<appId>/`` folder, zstd-compressed — a few
tens of KB per scenario).

    .venv/bin/python eval/generators/generate_spark.py                  # all into eval/scenarios/spark/
    .venv/bin/python eval/generators/generate_spark.py --only udf_null --out /tmp/x

Spark is heavy on a shared machine: run it under ``flock /tmp/heavy.lock``. The e2e tests import
:func:`run_scenario` / :func:`run_job` to check the adapter and the rules on fresh real output.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
JOBS_DIR = REPO_ROOT / "example_dags" / "spark_jobs"
DEFAULT_OUT = REPO_ROOT / "eval" / "scenarios" / "spark"
#: Where the committed logs say the job ran (the real temp folder varies per run).
STABLE_WORKDIR = "/opt/airflow/spark"
#: Bound on one job; the slowest (the executor kill on local-cluster) takes about two minutes.
JOB_TIMEOUT_SECONDS = 420


def python_executable() -> Path:
    """The interpreter with PySpark: ``$SPARK_JOB_PYTHON`` or the repository's ``.venv``."""
    return Path(os.environ.get("SPARK_JOB_PYTHON", REPO_ROOT / ".venv" / "bin" / "python"))


@dataclass(frozen=True)
class Scenario:
    """One way to make an example job fail, and what the investigation must conclude."""

    name: str
    job: str
    args: tuple[str, ...]
    category: str
    root_cause_rule: str
    description: str
    root_cause_keywords: tuple[str, ...]
    fix_keywords: tuple[str, ...] = ()
    #: SIGKILL a JVM while tasks run: ``"executor"`` (needs a ``local-cluster`` master) or ``"driver"``.
    kill: str = ""


SKEWED = ("--rows", "4000000", "--customers", "2000", "--partitions", "8")

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "skew_oom",
        "skewed_join.py",
        (*SKEWED, "--memory", "512m", "--hot-fraction", "0.95"),
        "data",
        "spark.skew_oom",
        "95% of orders belong to customer 0; the shuffle join sends them to one task, whose collect_list "
        "runs out of heap (OutOfMemoryError) while the other partitions are tiny.",
        ("skew", "customer_id", "partition", "median"),
        ("salt", "skewjoin"),
    ),
    Scenario(
        "skew_oom_after_memory_bump",
        "skewed_join.py",
        (*SKEWED, "--memory", "1g", "--hot-fraction", "0.95"),
        "data",
        "spark.skew_oom",
        "The same skewed join after someone doubled the heap to 1g: the hot partition still does not "
        "fit. More memory is not the fix.",
        ("skew", "customer_id", "partition", "median"),
        ("salt", "skewjoin"),
    ),
    Scenario(
        "uniform_oom_small_heap",
        "skewed_join.py",
        (
            "--rows",
            "6000000",
            "--customers",
            "400",
            "--partitions",
            "4",
            "--hot-fraction",
            "0",
            "--memory",
            "512m",
        ),
        "config",
        "spark.memory_oom",
        "Evenly distributed keys but only 4 shuffle partitions for 6M orders on a 512m heap: every task "
        "holds too much; plain under-provisioning.",
        ("memory", "OutOfMemoryError"),
        ("spark.sql.shuffle.partitions", "memory"),
    ),
    Scenario(
        "udf_null",
        "udf_null.py",
        ("--memory", "1g"),
        "code",
        "spark.udf_error",
        "A Python UDF tests '\"@\" in email' on a NULL e-mail: TypeError in the Python worker.",
        ("udf", "typeerror", "none"),
        ("none",),
    ),
    Scenario(
        "renamed_column",
        "renamed_column.py",
        ("--memory", "1g"),
        "data",
        "spark.schema_drift",
        "The upstream orders extract renamed customer_id to cust_id; the job fails with "
        "[UNRESOLVED_COLUMN.WITH_SUGGESTION].",
        ("customer_id", "cust_id"),
        ("withcolumnrenamed", "cust_id"),
    ),
    Scenario(
        "missing_input_path",
        "missing_input.py",
        ("--memory", "1g"),
        "data",
        "spark.missing_input",
        "Yesterday's clickstream partition was never delivered: [PATH_NOT_FOUND] Path does not exist.",
        ("dt=2026-01-01", "does not exist"),
        ("sensor", "upstream"),
    ),
    Scenario(
        "missing_table",
        "missing_table.py",
        ("--memory", "1g"),
        "data",
        "spark.missing_input",
        "The query reads orders_daily, which the upstream loader never created: [TABLE_OR_VIEW_NOT_FOUND].",
        ("orders_daily",),
        ("upstream", "exists"),
    ),
    Scenario(
        "driver_key_error",
        "driver_error.py",
        ("--memory", "1g"),
        "code",
        "spark.driver_code_error",
        "Every Spark job succeeds; the driver then looks up region 'apac' in a hard-coded dict: KeyError.",
        ("keyerror", "apac"),
        ("driver code",),
    ),
    Scenario(
        "collect_over_max_result_size",
        "collect_to_driver.py",
        ("--memory", "1g", "--max-result-size", "1m"),
        "config",
        "spark.max_result_size",
        "The job collect()s a 200k-row table to build a dict; serialized results exceed "
        "spark.driver.maxResultSize (1m).",
        ("maxresultsize", "collect"),
        ("maxresultsize", "tolocaliterator"),
    ),
    Scenario(
        "broadcast_timeout",
        "broadcast_timeout.py",
        ("--memory", "1g", "--timeout", "2"),
        "config",
        "spark.broadcast_timeout",
        "A broadcast-hinted lookup computed by a slow UDF does not finish within "
        "spark.sql.broadcastTimeout=2s: Could not execute broadcast in 2 secs.",
        ("broadcast", "timeout"),
        ("broadcasttimeout", "autobroadcastjointhreshold"),
    ),
    Scenario(
        "executor_killed",
        "executor_lost.py",
        ("--master", "local-cluster[2,1,1024]", "--memory", "1g"),
        "infra",
        "spark.executor_loss",
        "On a standalone cluster (local-cluster: separate executor JVMs) one executor JVM is killed with "
        "SIGKILL mid-stage, as a lost node would be; with spark.task.maxFailures=1 the job fails with "
        "ExecutorLostFailure.",
        ("executor", "lost"),
        ("retry",),
        kill="executor",
    ),
    Scenario(
        "driver_jvm_killed",
        "executor_lost.py",
        ("--memory", "1g"),
        "infra",
        "spark.jvm_lost",
        "The local-mode driver JVM is killed with SIGKILL mid-stage, as the kernel OOM killer or a "
        "container limit would; the PySpark driver only sees Py4JNetworkError / Connection refused.",
        ("jvm", "killed"),
        ("oom", "retry"),
        kill="driver",
    ),
)

#: The skewed join's control run: same job, same heap, uniform keys — it succeeds (not an eval scenario).
UNIFORM_OK: tuple[str, tuple[str, ...]] = (
    "skewed_join.py",
    (*SKEWED, "--memory", "512m", "--hot-fraction", "0"),
)


def scenario(name: str) -> Scenario:
    """The scenario called ``name``."""
    for item in SCENARIOS:
        if item.name == name:
            return item
    raise KeyError(name)


@dataclass
class JobRun:
    """What one job run left behind."""

    job: str
    workdir: Path
    command: list[str]
    returncode: int
    seconds: float
    killed: list[int] = field(default_factory=list)
    #: The job outlived its timeout and was killed, as Airflow's ``execution_timeout`` would.
    timed_out: bool = False

    @property
    def driver_log(self) -> Path:
        """The job's stdout and stderr, interleaved as a task log shows them."""
        return self.workdir / "driver.log"

    @property
    def event_logs(self) -> list[Path]:
        """The event logs Spark wrote (one ``eventlog_v2_<appId>`` folder per application)."""
        folder = self.workdir / "events"
        return sorted(folder.iterdir()) if folder.is_dir() else []

    @property
    def app_id(self) -> str:
        """The application id the job printed."""
        for line in self.driver_log.read_text(errors="replace").splitlines():
            if line.startswith("Spark application id: "):
                return line.rsplit(" ", 1)[-1]
        return ""


def _job_env() -> dict[str, str]:
    python = str(python_executable())
    return {
        **os.environ,
        "PYSPARK_PYTHON": python,
        "PYSPARK_DRIVER_PYTHON": python,
        "SPARK_LOCAL_IP": "127.0.0.1",
        "PYTHONUNBUFFERED": "1",
    }


def run_job(job: str, args: Sequence[str], workdir: Path, *, kill: str = "", timeout: float = 0) -> JobRun:
    """Run ``example_dags/spark_jobs/<job>`` for real in ``workdir`` (event log under ``events/``).

    A JVM whose heap is exhausted in every thread at once can hang in garbage collection instead of
    exiting; past ``timeout`` the job's process group is killed and the run is marked ``timed_out``.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "events").mkdir(exist_ok=True)
    command = [
        str(python_executable()),
        str(JOBS_DIR / job),
        "--output-dir",
        str(workdir / "output"),
        "--event-log-dir",
        str(workdir / "events"),
        *args,
    ]
    if job in ("missing_input.py", "renamed_column.py"):
        command += ["--input", str(workdir / ("clickstream" if job == "missing_input.py" else "orders"))]
    if job == "missing_input.py":
        (workdir / "clickstream" / "dt=2025-12-31").mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    killed: list[int] = []
    with (workdir / "driver.log").open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=JOBS_DIR,
            env=_job_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = started + (timeout or JOB_TIMEOUT_SECONDS)
        timed_out = False
        try:
            while process.poll() is None:
                if time.monotonic() > deadline:
                    timed_out = True
                    break
                if kill and not killed:
                    killed = _kill_busy_jvm(process.pid, kill)
                time.sleep(0.5)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    return JobRun(job, workdir, command, process.returncode, time.monotonic() - started, killed, timed_out)


def _descendants(root: int) -> dict[int, str]:
    """Command lines of the processes under ``root`` (from /proc; only the job's own tree)."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            commands[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree = {root}
    changed = True
    while changed:
        grown = {pid for pid, parent in parents.items() if parent in tree} - tree
        changed = bool(grown)
        tree |= grown
    return {pid: commands.get(pid, "") for pid in tree if pid != root}


#: How each JVM kind shows on its command line.
_JVM_MARKERS = {"executor": "CoarseGrainedExecutorBackend", "driver": "org.apache.spark.deploy.SparkSubmit"}


def _kill_busy_jvm(root: int, kind: str) -> list[int]:
    """SIGKILL the first ``kind`` JVM of the job that is running tasks (it has a Python worker)."""
    marker = _JVM_MARKERS[kind]
    for pid in sorted(p for p, cmd in _descendants(root).items() if marker in cmd and "java" in cmd):
        if any("pyspark" in cmd for cmd in _descendants(pid).values()):
            os.kill(pid, signal.SIGKILL)
            return [pid]
    return []


def run_scenario(item: Scenario, workdir: Path) -> JobRun:
    """Run one scenario's job with its fault injected."""
    return run_job(item.job, item.args, workdir, kill=item.kill)


def _anonymise(text: str, workdir: Path) -> str:
    return (
        text.replace(str(workdir.resolve()), STABLE_WORKDIR)
        .replace(str(workdir), STABLE_WORKDIR)
        .replace(str(REPO_ROOT), "/opt/airflow/repo")
    )


def export(item: Scenario, run: JobRun, dest: Path) -> None:
    """Write one scenario folder: ``label.toml``, ``logs/driver.log``, ``artifacts/eventlog_v2_*``.

    The event log is copied byte for byte (it is compressed already); paths in the driver log are
    made stable so regenerating changes only timestamps and ids.
    """
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "logs").mkdir(parents=True)
    (dest / "artifacts").mkdir()
    (dest / "logs" / "driver.log").write_text(
        _anonymise(run.driver_log.read_text(errors="replace"), run.workdir)
    )
    for event_log in run.event_logs:
        target = dest / "artifacts" / event_log.name
        if event_log.is_dir():
            shutil.copytree(event_log, target)
        else:
            shutil.copy2(event_log, target)
    command = " ".join(["python", item.job, *item.args])
    if item.kill:
        command += f"  # the {item.kill} JVM SIGKILLed mid-stage"
    label = [
        'platform = "spark"',
        f'category = "{item.category}"',
        f'root_cause_rule = "{item.root_cause_rule}"',
        f"root_cause_keywords = {json.dumps(list(item.root_cause_keywords))}",
        f"fix_keywords = {json.dumps(list(item.fix_keywords))}",
        f"description = {json.dumps(item.description)}",
        f"generated_with = {json.dumps(command)}",
        f"exit_code = {run.returncode}",
        f'app_id = "{run.app_id}"',
    ]
    (dest / "label.toml").write_text("\n".join(label) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", action="append", default=[], help="scenario name (repeatable)")
    args = parser.parse_args(argv)
    if not python_executable().exists():
        print(f"no Python with PySpark at {python_executable()} (set SPARK_JOB_PYTHON)", file=sys.stderr)
        return 2
    unknown = set(args.only) - {s.name for s in SCENARIOS}
    if unknown:
        print(f"unknown scenarios: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    failed: list[str] = []
    for item in (s for s in SCENARIOS if not args.only or s.name in args.only):
        with tempfile.TemporaryDirectory(prefix=f"spark-{item.name}-") as tmp:
            run = run_scenario(item, Path(tmp))
            problem = ""
            if run.timed_out:
                problem = f"the job hung and was killed after {run.seconds:.0f}s; run it again"
            elif run.returncode == 0:
                problem = "the job succeeded, expected a failure"
            elif item.kill and not run.killed:
                problem = f"no {item.kill} JVM was killed (the job ended first?)"
            if problem:
                print(f"{item.name}: {problem}", file=sys.stderr)
                failed.append(item.name)
                continue
            export(item, run, args.out / item.name)
            print(
                f"{item.name}: exit {run.returncode} in {run.seconds:.0f}s -> {args.out / item.name}",
                flush=True,
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
