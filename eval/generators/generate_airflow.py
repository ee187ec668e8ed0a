"""Generate the Airflow eval scenarios from real Airflow runs of failing DAGs.

Runs ``example_dags/airflow_failures.py`` and ``eval/generators/airflow_dags/eval_more_failures.py``
with ``airflow dags test --use-executor`` (LocalExecutor: a supervisor process and a task-runner
child per task, exactly as in production, so a SIGKILLed task leaves the supervisor's
"Process terminated by signal" record) against a throw-away ``AIRFLOW_HOME`` on SQLite, then keeps
each failed try's task log (Airflow 3 JSON lines) with a label.

The failures are real: a local HTTP server answers 503/429, ``/dev/full`` answers ENOSPC, a
PostgreSQL role has no grant on the table it reads (database ``pd_evid_gen``, dropped afterwards),
a hostname under ``.invalid`` does not resolve.

    .venv/bin/python eval/generators/generate_airflow.py                 # into eval/scenarios/airflow/
    .venv/bin/python eval/generators/generate_airflow.py --out /tmp/x --keep-home
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "eval" / "scenarios" / "airflow"
DAG_FILES = (
    REPO_ROOT / "example_dags" / "airflow_failures.py",
    Path(__file__).resolve().parent / "airflow_dags" / "eval_more_failures.py",
)
#: Ports 18200-18299 are this generator's.
API_PORT = 18210
EXECUTION_API_PORT = 18211
PG_DB = "pd_evid_gen"
PG_ROLE = "pd_evid_reader"


@dataclass(frozen=True)
class Scenario:
    """One failed try to keep, and what its investigation must conclude."""

    name: str
    dag_id: str
    task_id: str
    category: str
    root_cause_rule: str
    description: str
    root_cause_keywords: tuple[str, ...]
    fix_keywords: tuple[str, ...] = ()
    attempt: int = 1


EXAMPLE = "example_airflow_failures"
MORE = "eval_more_failures"

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "late_orders_file_sensor",
        EXAMPLE,
        "wait_for_orders_file",
        "data",
        "airflow.sensor_timeout",
        "PythonSensor waited for landing/orders/2026-01-01.csv, which never arrived, past its 12 s timeout.",
        ("sensor", "upstream", "data"),
        ("upstream", "timeout"),
    ),
    Scenario(
        "missing_warehouse_connection",
        EXAMPLE,
        "load_from_warehouse",
        "config",
        "airflow.missing_connection",
        "The task reads connection warehouse_db, which was never created.",
        ("warehouse_db", "connection"),
        ("connection",),
    ),
    Scenario(
        "aggregation_execution_timeout",
        EXAMPLE,
        "nightly_aggregation",
        "config",
        "airflow.execution_timeout",
        "The aggregation needs ~60 s and execution_timeout is 5 s; no earlier run ever succeeded.",
        ("execution_timeout", "timeout"),
        ("execution_timeout",),
    ),
    Scenario(
        "memory_hog_sigkill",
        EXAMPLE,
        "memory_hog_killed",
        "infra",
        "airflow.sigkill",
        "The task process was killed with SIGKILL, as the kernel OOM killer does; no traceback.",
        ("SIGKILL", "memory"),
        ("memory",),
    ),
    Scenario(
        "undefined_report_param",
        EXAMPLE,
        "render_report",
        "code",
        "airflow.template_error",
        "bash_command uses {{ params.report_date }}, which the DAG never defines.",
        ("template", "report_date"),
        ("params",),
    ),
    Scenario(
        "missing_profiling_module",
        EXAMPLE,
        "profile_dataset",
        "config",
        "airflow.import_error",
        "The task imports a package that is not installed in the worker environment.",
        ("ydata_profiling_not_installed", "module"),
        ("install", "requirements"),
    ),
    Scenario(
        "partner_api_refused_first_try",
        EXAMPLE,
        "flaky_partner_api",
        "infra",
        "generic.network_error",
        "First try of a call to a partner API whose port refused the connection (the retry succeeded).",
        ("connection", "refused"),
        ("retries", "retry"),
        attempt=1,
    ),
    Scenario(
        "partner_rates_http_503",
        MORE,
        "fetch_partner_rates",
        "infra",
        "generic.server_error",
        "The partner rates API answered 503 Service Unavailable.",
        ("503", "service"),
        ("retry", "retries"),
    ),
    Scenario(
        "crm_sync_rate_limited",
        MORE,
        "sync_crm_contacts",
        "infra",
        "generic.rate_limited",
        "The CRM API answered 429 Too Many Requests.",
        ("429", "rate"),
        ("backoff", "pool"),
    ),
    Scenario(
        "scratch_disk_full",
        MORE,
        "spill_to_scratch",
        "infra",
        "generic.disk_full",
        "Writing scratch data failed with ENOSPC (No space left on device).",
        ("disk", "space"),
        ("free", "space"),
    ),
    Scenario(
        "warehouse_host_dns_failure",
        MORE,
        "push_to_warehouse_host",
        "infra",
        "generic.network_error",
        "The warehouse hostname does not resolve (DNS failure).",
        ("DNS", "resolve", "host"),
        ("retry", "host"),
    ),
    Scenario(
        "restricted_orders_permission_denied",
        MORE,
        "read_restricted_orders",
        "config",
        "generic.permission_denied",
        "The task's PostgreSQL role has no SELECT grant on restricted_orders.",
        ("permission", "restricted_orders"),
        ("grant",),
    ),
    Scenario(
        "duplicate_order_ids",
        MORE,
        "load_daily_orders",
        "data",
        "generic.constraint_violation",
        "The day's order batch repeats order_id 2; the primary key rejects the load.",
        ("constraint", "order_id", "duplicate"),
        ("deduplicate", "upsert"),
    ),
    Scenario(
        "customers_file_not_delivered",
        MORE,
        "read_landing_file",
        "data",
        "generic.file_not_found",
        "The customers landing file for the day was never delivered.",
        ("file", "missing", "customers"),
        ("upstream", "sensor"),
    ),
    Scenario(
        "enrich_orders_key_error",
        MORE,
        "enrich_orders",
        "code",
        "generic.python_exception",
        "The enrichment code reads order['amount'] but one record carries 'total': KeyError.",
        ("KeyError", "amount"),
        ("code",),
    ),
    Scenario(
        "missing_threshold_variable",
        MORE,
        "read_threshold_variable",
        "config",
        "airflow.missing_variable",
        "Variable orders_alert_threshold is read without a default and was never set.",
        ("variable", "orders_alert_threshold"),
        ("variable",),
    ),
    Scenario(
        "revenue_sql_syntax_error",
        MORE,
        "aggregate_revenue_sql",
        "code",
        "generic.sql_syntax",
        "The revenue query says GROUPBY instead of GROUP BY.",
        ("syntax", "SQL"),
        ("SQL",),
    ),
)


class _FakePartnerApi(BaseHTTPRequestHandler):
    """``/unavailable/*`` answers 503, ``/throttled/*`` answers 429 with Retry-After."""

    def do_GET(self) -> None:
        if self.path.startswith("/throttled"):
            self.send_response(429, "Too Many Requests")
            self.send_header("Retry-After", "30")
        else:
            self.send_response(503, "Service Unavailable")
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"error": "try later"}')

    def log_message(self, format: str, *args: object) -> None:
        return


@contextmanager
def fake_api(port: int) -> Iterator[str]:
    """The partner API stand-in on 127.0.0.1 for the duration of the runs."""
    server = ThreadingHTTPServer(("127.0.0.1", port), _FakePartnerApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


def _psql(sql: str, db: str = "postgres") -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],
        check=True,
        capture_output=True,
    )


@contextmanager
def restricted_database() -> Iterator[str]:
    """A database with a table the task's role may not read; dropped afterwards."""
    _psql(f"DROP DATABASE IF EXISTS {PG_DB}")
    _psql(f"DROP ROLE IF EXISTS {PG_ROLE}")
    _psql(f"CREATE ROLE {PG_ROLE} LOGIN")
    _psql(f"CREATE DATABASE {PG_DB}")
    _psql(
        "CREATE TABLE restricted_orders (order_id int PRIMARY KEY, amount numeric); "
        f"REVOKE ALL ON restricted_orders FROM PUBLIC, {PG_ROLE}",
        db=PG_DB,
    )
    try:
        yield f"postgresql://{PG_ROLE}@127.0.0.1:5432/{PG_DB}"
    finally:
        _psql(f"DROP DATABASE IF EXISTS {PG_DB}")
        _psql(f"DROP ROLE IF EXISTS {PG_ROLE}")


def airflow_env(home: Path, data: Path, api: str, pg_dsn: str) -> dict[str, str]:
    """Environment of a throw-away Airflow: SQLite, LocalExecutor, no examples, our provider off."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(home / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__CORE__PARALLELISM": "4",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
            "AIRFLOW__PIPELINE_DEBUGGER__ENABLED": "False",
            # LocalExecutor workers talk to the Execution API: one api-server, one shared JWT secret.
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{EXECUTION_API_PORT}/execution/",
            "AIRFLOW__API_AUTH__JWT_SECRET": "pd-evid-generator-only",
            "AIRFLOW__API__SECRET_KEY": "pd-evid-generator-only",
            "PIPELINE_DEBUGGER_DEMO_DATA": str(data),
            "PD_EVAL_API": api,
            "PD_EVAL_DATA": str(data),
            "PD_EVAL_PG_DSN": pg_dsn,
        }
    )
    return env


def prepare_data(data: Path) -> None:
    """Inputs the tasks read: an order batch with a duplicate key (the landing files stay absent)."""
    data.mkdir(parents=True, exist_ok=True)
    batch = [{"order_id": 1, "amount": 10.0}, {"order_id": 2, "amount": 5.5}, {"order_id": 2, "amount": 5.5}]
    (data / "orders_batch.json").write_text(json.dumps(batch))


def run_dags(home: Path, env: dict[str, str], dag_ids: Sequence[str]) -> None:
    """``airflow db migrate`` then ``airflow dags test --use-executor`` of each DAG (failures expected)."""
    airflow = str(Path(sys.executable).parent / "airflow")
    (home / "dags").mkdir(parents=True, exist_ok=True)
    for dag_file in DAG_FILES:
        shutil.copy(dag_file, home / "dags" / dag_file.name)
    subprocess.run([airflow, "db", "migrate"], env=env, check=True, capture_output=True, timeout=600)
    with execution_api(airflow, home, env):
        for dag_id in dag_ids:
            done = subprocess.run(
                [airflow, "dags", "test", dag_id, "--use-executor"],
                check=False,  # the DAGs fail on purpose
                env=env,
                capture_output=True,
                text=True,
                timeout=900,
            )
            (home / f"dags_test_{dag_id}.out").write_text(done.stdout + done.stderr)


@contextmanager
def execution_api(airflow: str, home: Path, env: dict[str, str]) -> Iterator[None]:
    """An ``airflow api-server`` serving the Execution API the LocalExecutor workers call."""
    out = (home / "api-server.out").open("w")
    proc = subprocess.Popen(
        [airflow, "api-server", "--apps", "execution", "--port", str(EXECUTION_API_PORT), "--workers", "1"],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"api-server exited with {proc.returncode}; see {out.name}")
            try:
                with socket.create_connection(("127.0.0.1", EXECUTION_API_PORT), timeout=1):
                    break
            except OSError:
                time.sleep(1)
        else:
            raise RuntimeError("api-server did not start within 120 s")
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        out.close()


def task_log(home: Path, scenario: Scenario) -> Path | None:
    """The JSON task log of the scenario's try (``dag_id=…/run_id=…/task_id=…/attempt=N.log``)."""
    base = home / "logs" / f"dag_id={scenario.dag_id}"
    found = sorted(base.glob(f"run_id=*/task_id={scenario.task_id}/attempt={scenario.attempt}.log"))
    return found[-1] if found else None


def write_scenario(out: Path, scenario: Scenario, log: Path) -> Path:
    """``label.toml`` plus ``logs/task.log`` (the task log exactly as Airflow wrote it)."""
    folder = out / scenario.name
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "logs").mkdir(parents=True)
    shutil.copy(log, folder / "logs" / "task.log")

    def toml_list(values: Sequence[str]) -> str:
        return "[" + ", ".join(json.dumps(v) for v in values) + "]"

    lines = [
        'platform = "airflow"',
        f"category = {json.dumps(scenario.category)}",
        f"root_cause_rule = {json.dumps(scenario.root_cause_rule)}",
        f"root_cause_keywords = {toml_list(scenario.root_cause_keywords)}",
        f"fix_keywords = {toml_list(scenario.fix_keywords)}",
        f"description = {json.dumps(scenario.description)}",
        f'generated_with = "airflow dags test {scenario.dag_id} --use-executor"',
        f"dag_id = {json.dumps(scenario.dag_id)}",
        f"task_id = {json.dumps(scenario.task_id)}",
        f"attempt = {scenario.attempt}",
    ]
    (folder / "label.toml").write_text("\n".join(lines) + "\n")
    return folder


def generate(out: Path, only: Sequence[str] = (), keep_home: bool = False) -> list[Path]:
    """Run the DAGs once and write every (selected) scenario; returns the scenario folders."""
    chosen = [s for s in SCENARIOS if not only or s.name in only]
    home = Path(tempfile.mkdtemp(prefix="pd_evid_airflow_"))
    written: list[Path] = []
    try:
        data = home / "data"
        prepare_data(data)
        with fake_api(API_PORT) as api, restricted_database() as dsn:
            env = airflow_env(home, data, api, dsn)
            run_dags(home, env, sorted({s.dag_id for s in chosen}))
        for scenario in chosen:
            log = task_log(home, scenario)
            if log is None:
                print(f"!! {scenario.name}: no log for {scenario.dag_id}.{scenario.task_id}", file=sys.stderr)
                continue
            written.append(write_scenario(out, scenario, log))
            print(f"ok {scenario.name} <- {log.relative_to(home)}")
    finally:
        if keep_home:
            print(f"AIRFLOW_HOME kept at {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", nargs="*", default=())
    parser.add_argument("--keep-home", action="store_true")
    args = parser.parse_args(argv)
    written = generate(args.out, args.only, args.keep_home)
    wanted = len([s for s in SCENARIOS if not args.only or s.name in args.only])
    print(f"{len(written)}/{wanted} scenarios written to {args.out}")
    return 0 if len(written) == wanted else 1


if __name__ == "__main__":
    sys.exit(main())
