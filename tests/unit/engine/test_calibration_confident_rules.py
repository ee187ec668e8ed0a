"""Calibration of the remaining confident rules: 70+ only where the evidence tells the causes apart.

Table-driven, one row per decision: the evidence that keeps a rule's confident ceiling, and the
evidence several causes share, held at ``AMBIGUOUS_CEILING`` with the category unchanged. Log rows
are collected like an offline investigation (the real adapters scan them); the dbt and Spark rows
hand the rule the signals their adapters build from artifacts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support.offline_rule import CONFIDENT, assert_engine_within_ceiling, log_finding

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    FailureContext,
    PipelineType,
    RuleFinding,
    Signal,
    TaskKey,
)
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, Heuristic
from airflow_pipeline_debugger.heuristics.dbt.ancestor_changed import AncestorChanged
from airflow_pipeline_debugger.heuristics.dbt.missing_column import MissingColumn
from airflow_pipeline_debugger.heuristics.dbt.permission_denied import PermissionDenied
from airflow_pipeline_debugger.heuristics.spark.gc_pressure import GcPressure
from airflow_pipeline_debugger.heuristics.spark.task_failure_rate import TaskFailureRate

#: The least confidence of the confident band.

# --- logs ---------------------------------------------------------------------------------------

_A3 = "[2026-03-01T02:00:03.123+0000] {task_runner.py:870} ERROR - "
_DAG = '  File "/opt/airflow/dags/orders.py", line 41, in load\n'


def _raised(source: str, error: str, frames: str = "") -> str:
    """An Airflow 3 task log failing with ``error``, raised at ``source`` in the DAG file."""
    head = f"{_A3}Task failed with exception\nTraceback (most recent call last):\n"
    return f"{head}{_DAG}    {source}\n{frames}{error}\n"


_BASH = _raised(
    "raise AirflowException(",
    "airflow.exceptions.AirflowException: Bash command failed. The command returned a non-zero exit code 1.",
)


def _execution_api(status: str, reason: str) -> str:
    """The supervisor's call to the Execution API answered ``status``."""
    return (
        "[2026-03-01T02:00:04.000+0000] {_client.py:1025} INFO - HTTP Request: PATCH "
        f'http://airflow-api:8080/execution/task-instances/01957a2b/run "HTTP/1.1 {status} {reason}"\n'
        f"[2026-03-01T02:00:04.010+0000] {{supervisor.py:709}} ERROR - Failed to update the task: "
        f"airflow.sdk.api.client.ServerResponseError: {reason}\n"
    )


def _evicted(reason: str) -> str:
    return (
        "[2026-03-01T02:10:00.000+0000] {pod_manager.py:412} ERROR - Pod airflow-orders-load-x7k2 was "
        f"evicted: {reason}\n"
    )


_REQUESTS_FRAME = (
    '  File "/venv/lib/python3.11/site-packages/requests/models.py", line 1024, in raise_for_status\n'
    "    raise HTTPError(http_error_msg, response=self)\n"
)
_PROBE_FRAME = (
    '  File "/venv/lib/python3.11/site-packages/pd_env_probe/__init__.py", line 2, in score\n'
    "    return weights['weighting']\n"
)


def _environment(package: str, traceback: tuple[str, ...]) -> dict[str, Any]:
    """``facts["environment"]``: ``package`` changed version since the last success."""
    return {
        "environment": {
            "since": "scheduled__ok",
            "traceback": list(traceback),
            "changed": [{"package": package, "now": "2.1.0", "then": "1.9.3", "in_traceback": True}],
        }
    }


def _failed_first(category: str, confidence: int) -> dict[str, Any]:
    """``facts["upstream"]``: ``extract`` failed first in the run and its investigation answered."""
    answer = {
        "id": "inv-1",
        "category": category,
        "root_cause_title": "Disk full on /data",
        "confidence": confidence,
    }
    return {"upstream": {"failed": ["extract"], "investigations": {"extract": answer}}}


_KEY_ERROR = _raised("total = row['amount']", "KeyError: 'amount'")

#: (id, log, facts, rule, whether the evidence decides the cause and its category)
LOG_CASES: list[tuple[str, str, dict[str, Any], str, bool]] = [
    # an exit code names no cause at all
    ("a bash command exited 1", _BASH, {}, "airflow.command_failed", False),
    # only a gateway's answer says the api-server was down; a 500 or a 409 says something else
    (
        "the api-server unavailable (503)",
        _execution_api("503", "Service Unavailable"),
        {},
        "airflow.execution_api_error",
        True,
    ),
    (
        "the api-server failed (500)",
        _execution_api("500", "Internal Server Error"),
        {},
        "airflow.execution_api_error",
        False,
    ),
    (
        "a task instance in conflict (409)",
        _execution_api("409", "Conflict"),
        {},
        "airflow.execution_api_error",
        False,
    ),
    # the context read, or a record of the task's own with a column of that name
    (
        "a removed key read from the context",
        _raised("day = context['execution_date']", "KeyError: 'execution_date'"),
        {},
        "airflow.context_key_missing",
        True,
    ),
    (
        "a key read from **kwargs",
        _raised("start = kwargs['data_interval_start']", "KeyError: 'data_interval_start'"),
        {},
        "airflow.context_key_missing",
        True,
    ),
    (
        "the same name read from a row",
        _raised("day = row['execution_date']", "KeyError: 'execution_date'"),
        {},
        "airflow.context_key_missing",
        False,
    ),
    # the node under pressure, or the pod over its own storage limit
    (
        "evicted: the node low on memory",
        _evicted("The node was low on resource: memory. Threshold quantity: 100Mi, available: 48Mi."),
        {},
        "airflow.pod_evicted",
        True,
    ),
    (
        "evicted: the pod over its ephemeral-storage limit",
        _evicted("Pod ephemeral local storage usage exceeds the total limit of containers 2Gi."),
        {},
        "airflow.pod_evicted",
        False,
    ),
    # an error raised inside the upgraded package; a remote answer or a mere pass-through is not
    (
        "raised inside the changed package",
        _raised("score(frame)", "KeyError: 'weighting'", _PROBE_FRAME),
        _environment("pd_env_probe", ("pd_env_probe",)),
        "generic.package_changed",
        True,
    ),
    (
        "a 503 passing through the changed package",
        _raised(
            "response.raise_for_status()",
            "requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: "
            "https://api.partner.com/v1/orders",
            _REQUESTS_FRAME,
        ),
        _environment("requests", ("requests",)),
        "generic.package_changed",
        False,
    ),
    (
        "the changed package only on the way",
        _raised("score(frame)", "KeyError: 'weighting'", _PROBE_FRAME),
        _environment("pd_env_probe", ("pd_env_probe", "pandas")),
        "generic.package_changed",
        False,
    ),
    # the upstream task's answer, no surer than it was
    (
        "an upstream answered confidently",
        _KEY_ERROR,
        _failed_first("infra", 80),
        "generic.upstream_failed_first",
        True,
    ),
    (
        "an upstream answered weakly",
        _KEY_ERROR,
        _failed_first("infra", 50),
        "generic.upstream_failed_first",
        False,
    ),
    (
        "an upstream answered unknown",
        _KEY_ERROR,
        _failed_first("unknown", 80),
        "generic.upstream_failed_first",
        False,
    ),
    # duplicates, a rerun that is not idempotent, a race: the same message
    (
        "a unique key violated",
        _raised(
            "cursor.execute(INSERT_ORDERS, rows)",
            'psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "orders_pkey"',
        ),
        {},
        "generic.constraint_violation",
        False,
    ),
    # a deadlock is contention; SQLite's lock is a single-writer file shared by parallel writers
    (
        "a deadlock",
        _raised("cursor.execute(UPDATE_ORDERS)", "psycopg2.errors.DeadlockDetected: deadlock detected"),
        {},
        "generic.lock_contention",
        True,
    ),
    (
        "a SQLite database locked",
        _raised("conn.execute(UPDATE_ORDERS)", "sqlite3.OperationalError: database is locked"),
        {},
        "generic.lock_contention",
        False,
    ),
    # a limit too small, an input that grew, code that loads everything: the same MemoryError
    (
        "a MemoryError",
        _raised("frame = pd.read_csv(path)", "MemoryError"),
        {},
        "generic.out_of_memory",
        False,
    ),
]


def _assert_ceiling(found: RuleFinding, decisive: bool) -> None:
    if decisive:
        assert found.max_confidence > AMBIGUOUS_CEILING, found.title
    else:
        assert found.max_confidence == AMBIGUOUS_CEILING, found.title


@pytest.mark.parametrize(
    ("log", "facts", "rule_id", "decisive"), [c[1:] for c in LOG_CASES], ids=[c[0] for c in LOG_CASES]
)
def test_the_ceiling_follows_the_evidence(
    tmp_path: Path, log: str, facts: dict[str, Any], rule_id: str, decisive: bool
) -> None:
    """The rule's own ceiling: confident on deciding evidence, ``AMBIGUOUS_CEILING`` on shared evidence."""
    _assert_ceiling(log_finding(tmp_path, log, facts, rule_id), decisive)


#: Rows whose likelihood alone reaches the confident band: the engine's answer shows the ceiling.
ENGINE = [c for c in LOG_CASES if c[3] in ("airflow.context_key_missing", "airflow.pod_evicted")]


@pytest.mark.parametrize(
    ("log", "facts", "rule_id", "decisive"), [c[1:] for c in ENGINE], ids=[c[0] for c in ENGINE]
)
def test_the_engine_answers_within_the_ceiling(
    tmp_path: Path, log: str, facts: dict[str, Any], rule_id: str, decisive: bool
) -> None:
    """End to end with no evidence gap: 70+ where the evidence decides, the ceiling where it does not."""
    assert_engine_within_ceiling(tmp_path, log, facts, rule_id, decisive)


# --- artifact signals (dbt, Spark) ------------------------------------------------------------------


def _bundle(platform: PipelineType, *signals: Signal, **facts: Any) -> EvidenceBundle:
    return EvidenceBundle(
        context=FailureContext(key=TaskKey(task_id="t")),
        pipeline_type=platform,
        signals=list(signals),
        facts=facts,
    )


def _column(**attrs: Any) -> Signal:
    base = {"column": "email", "model": "dim_customers", "unique_id": "model.shop.dim_customers"}
    return Signal("dbt.missing_column", "column not found", "E1", (), {**base, **attrs})


def _diff(**change: Any) -> dict[str, Any]:
    """``facts["dbt"]``: stg_customers, a parent of the failing model, changed since the previous state."""
    row = {
        "name": "stg_customers",
        "path": "models/staging/stg_customers.sql",
        "status": "modified",
        "distance": 1,
    }
    return {"dbt": {"state_diff": {"previous_generated_at": "2026-12-01", "changes": [{**row, **change}]}}}


def _refused(detail: str) -> Signal:
    return Signal("dbt.permission_denied", "m", "E1", (), {"detail": detail, "model": "fct_orders"})


def _gc() -> Signal:
    attrs = {
        "stage_id": 2,
        "attempt": 0,
        "gc_fraction": 0.6,
        "gc_time_ms": 36_000,
        "executor_run_time_ms": 60_000,
    }
    return Signal("spark.gc_pressure", "GC", "E2", attributes=attrs)


def _task_failures(reason: str) -> Signal:
    attrs = {
        "stage_id": 2,
        "attempt": 0,
        "failed": 8,
        "ended": 8,
        "failure_rate": 1.0,
        "end_reasons": {reason: 8},
    }
    return Signal("spark.task_failures", "failures", "E2", attributes=attrs)


_DBT, _SPARK = PipelineType.DBT, PipelineType.SPARK
_CHANGED_MODEL = {"changes": {"code_changed": True, "changed": ["models/marts/dim_customers.sql"]}}

#: (id, rule, bundle, category, whether the evidence decides the cause and its category)
SIGNAL_CASES: list[tuple[str, Callable[[], Heuristic], EvidenceBundle, Category, bool]] = [
    # missing_column: a source declaring the column drifted; a model of the project declaring it, or
    # upstream YAML that does not list it, leave the other side as likely
    (
        "column declared on a source",
        MissingColumn,
        _bundle(_DBT, _column(declared_upstream=["raw.customers"])),
        Category.DATA,
        True,
    ),
    (
        "column declared on an upstream model",
        MissingColumn,
        _bundle(_DBT, _column(declared_upstream=["stg_customers"])),
        Category.DATA,
        False,
    ),
    (
        "upstream YAML documents other columns",
        MissingColumn,
        _bundle(_DBT, _column(declared_upstream=[], upstream_with_declared_columns=["stg_customers"])),
        Category.CODE,
        False,
    ),
    (
        "the failing model changed, nothing declares the column",
        MissingColumn,
        _bundle(_DBT, _column(declared_upstream=[]), **_CHANGED_MODEL),
        Category.CODE,
        True,
    ),
    # ancestor_changed: the change names what the error names, or only happened
    (
        "the ancestor dropped the missing column",
        AncestorChanged,
        _bundle(_DBT, _column(), **_diff(columns_removed=["email"])),
        Category.CODE,
        True,
    ),
    (
        "an ancestor changed something else",
        AncestorChanged,
        _bundle(_DBT, _column(column="phone"), **_diff(columns_removed=["email"])),
        Category.CODE,
        False,
    ),
    # permission_denied: a plain refusal, or a message that also means "not there"
    (
        "permission denied for a schema",
        PermissionDenied,
        _bundle(_DBT, _refused("permission denied for schema analytics")),
        Category.CONFIG,
        True,
    ),
    (
        "BigQuery: denied, or it may not exist",
        PermissionDenied,
        _bundle(
            _DBT,
            _refused(
                "Access Denied: Permission bigquery.tables.get denied on table shop:raw.orders "
                "(or it may not exist)."
            ),
        ),
        Category.CONFIG,
        False,
    ),
    (
        "BigQuery: perhaps it does not exist",
        PermissionDenied,
        _bundle(
            _DBT,
            _refused(
                "Access Denied: Table shop:raw.orders: User does not have permission to query table "
                "shop:raw.orders, or perhaps it does not exist in location US."
            ),
        ),
        Category.CONFIG,
        False,
    ),
    # Spark measures of a symptom
    ("a stage in GC most of its time", GcPressure, _bundle(_SPARK, _gc()), Category.CONFIG, False),
    (
        "every task attempt lost its executor",
        TaskFailureRate,
        _bundle(_SPARK, _task_failures("ExecutorLostFailure")),
        Category.INFRA,
        False,
    ),
    (
        "every task attempt raised",
        TaskFailureRate,
        _bundle(_SPARK, _task_failures("ExceptionFailure org.apache.spark.api.python.PythonException")),
        Category.CODE,
        False,
    ),
]


@pytest.mark.parametrize(
    ("rule", "bundle", "category", "decisive"),
    [c[1:] for c in SIGNAL_CASES],
    ids=[c[0] for c in SIGNAL_CASES],
)
def test_artifact_rules_are_confident_only_on_distinguishing_evidence(
    rule: Callable[[], Heuristic], bundle: EvidenceBundle, category: Category, decisive: bool
) -> None:
    """The category stays; the ceiling is the class's or ``AMBIGUOUS_CEILING``."""
    found = rule().evaluate(bundle)
    assert found is not None
    assert found.category is category, found.title
    _assert_ceiling(found, decisive)
    if decisive:
        assert found.likelihood >= CONFIDENT, found.title
