"""Calibration: a root cause reaches the confident band (70+) only on specific evidence.

Table-driven over hand-built findings: the same likelihood is capped at ``GENERIC_CONFIDENCE_CAP``
when the finding is a generic pattern match, and keeps its confidence when measured facts, a second
source, a name the evidence says verbatim, or a documented code of the same category support it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from engine_builders import make_bundle

from airflow_pipeline_debugger.domain import (
    Category,
    Evidence,
    EvidenceBundle,
    EvidenceKind,
    LogLine,
    RuleFinding,
    Severity,
    Transience,
)
from airflow_pipeline_debugger.engine.deterministic import (
    GENERIC_CONFIDENCE_CAP,
    investigate,
    specific_evidence,
)
from airflow_pipeline_debugger.engine.offline import OfflineSettings, collect_files
from airflow_pipeline_debugger.engine.pipeline import analyse_bundle
from airflow_pipeline_debugger.engine.rules import run_rules
from airflow_pipeline_debugger.heuristics.base import Heuristic

LOG = "\n".join(
    [
        "INFO starting export",
        "ERROR the export refused to write table restricted_orders",
        "ERROR Encountered an error:",
        'ERROR HTTP 503 Service Unavailable from "partner-api.example.com"',
        "ERROR java.lang.OutOfMemoryError: Java heap space",
    ]
)
#: Facts that leave no evidence gap, so the likelihood alone meets the cap.
FULL_FACTS = {"history": {"seen_before": False}, "changes": {"code_changed": False}}


class _Finding(Heuristic):
    """A test rule citing given lines of the log with a given title and category."""

    id = "test.calibrated"
    title = "calibrated"

    def __init__(
        self,
        title: str,
        cite: Sequence[int],
        category: Category = Category.CONFIG,
        measured: tuple[tuple[str, str], ...] = (),
        evidence_ids: tuple[str, ...] = (),
        likelihood: int = 90,
    ) -> None:
        super().__init__()
        self._title, self._cite, self._category, self._likelihood = title, cite, category, likelihood
        self._measured, self._ids = measured, evidence_ids

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        lines = LOG.splitlines()
        return self.finding(
            title=self._title,
            severity=Severity.SEVERE,
            category=self._category,
            transience=Transience.PERMANENT,
            likelihood=self._likelihood,
            summary="summary",
            lines=[LogLine("E1", n, lines[n - 1]) for n in self._cite],
            evidence_ids=self._ids,
            measured=self._measured,
        )


def _bundle() -> EvidenceBundle:
    second = Evidence(id="", kind=EvidenceKind.DBT_RESULTS, name="run_results.json", source="t", content="{}")
    return make_bundle(log=LOG, signals=(), facts=dict(FULL_FACTS), extra_evidence=(second,))


CASES = [
    # (id, rule, specific?)
    ("generic shape only", _Finding("The task was denied access", [3]), False),
    ("a name the evidence says", _Finding("No grant on restricted_orders", [2]), True),
    ("a name the evidence does not say", _Finding("No grant on 'orders_archive'", [2, 3]), False),
    ("a quoted name the evidence says", _Finding("Service 'partner-api.example.com' down", [4]), True),
    ("a header with no code", _Finding("Compilation error in the project", [3], Category.CODE), False),
    ("a documented code of the same category", _Finding("The service was down", [4], Category.INFRA), True),
    ("a documented code of another category", _Finding("The service was down", [4], Category.CODE), False),
    ("measured facts", _Finding("Executor memory", [5], measured=(("E1:L5", "4 of 4 tasks OOM"),)), True),
    ("a second source", _Finding("The task was denied access", [3], evidence_ids=("E2",)), True),
]


@pytest.mark.parametrize(("rule", "specific"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_confident_only_on_specific_evidence(rule: _Finding, specific: bool) -> None:
    """Likelihood 90 with no gap: 90 when the evidence is specific, the generic cap otherwise."""
    bundle = _bundle()
    outcome = run_rules(bundle, [rule])
    root = investigate(bundle, outcome).root_cause
    assert root.rule_id == "test.calibrated"
    if specific:
        assert root.confidence > GENERIC_CONFIDENCE_CAP
        assert "specific evidence:" in root.justification
    else:
        assert root.confidence == GENERIC_CONFIDENCE_CAP
        assert "generic pattern match" in root.justification


def test_the_cap_never_raises_a_confidence() -> None:
    """A generic finding already under the cap keeps what the evidence gave it."""
    bundle = make_bundle(log=LOG, signals=(), facts=dict(FULL_FACTS))
    rule = _Finding("The task was denied access", [3], likelihood=60)
    root = investigate(bundle, run_rules(bundle, [rule])).root_cause
    assert root.confidence < GENERIC_CONFIDENCE_CAP
    assert "generic pattern" not in root.justification


@pytest.mark.parametrize(
    ("title", "line", "expected"),
    [
        ("Column `customer_id` is missing", "column customer_id does not exist", "customer_id"),
        ("Raise spark.driver.memory", "Consider spark.driver.memory", "spark.driver.memory"),
        ("Input s3://lake/orders is empty", "Path does not exist: s3://lake/orders", "s3://lake/orders"),
        ("Out of memory in the driver", "java.lang.OutOfMemoryError: the driver", ""),  # plain words
        ("Broadcast took over 300.0 s", "Could not execute broadcast in 300.0 secs", ""),  # a number
    ],
)
def test_named_objects(title: str, line: str, expected: str) -> None:
    """A name counts when it is identifier-, setting- or path-shaped and the cited line says it."""
    finding = _Finding(title, [1]).finding(
        title=title,
        severity=Severity.SEVERE,
        category=Category.CONFIG,
        transience=Transience.PERMANENT,
        likelihood=90,
        summary="s",
        lines=[LogLine("E1", 1, line)],
    )
    said = specific_evidence(finding, ["E1:L1"])
    assert (expected in said) if expected else not said


# --- real rules on realistic logs: symptom-level evidence stays out of the confident band ----------

_A2 = (
    "[2024-05-02, 03:00:06 UTC] {taskinstance.py:2731} ERROR - Task failed with exception\n"
    "Traceback (most recent call last):\n"
)
_MARK = (
    "[2024-05-02, 03:00:06 UTC] {taskinstance.py:1149} INFO - Marking task as FAILED. dag_id=d, "
    "task_id=t, execution_date=20240501T030000\n"
)


def _a2(frame: str, error: str) -> str:
    """An Airflow 2 task log failing with ``error`` raised at ``frame``."""
    return f'{_A2}  File "{frame}", line 40, in run\n    do()\n{error}\n{_MARK}'


_DBT = (
    "03:00:01  Running with dbt=1.8.2\n"
    "03:00:07  1 of 42 ERROR creating sql table model analytics.fct_orders ...... [ERROR in 1.8s]\n"
    "03:00:07  Completed with 1 error and 0 warnings:\n03:00:07\n"
    "03:00:07    Database Error in model fct_orders (models/marts/fct_orders.sql)\n  {error}\n"
    "  compiled code at target/run/analytics/models/marts/fct_orders.sql\n03:00:07\n"
    "03:00:07  Done. PASS=0 WARN=0 ERROR=1 SKIP=41 TOTAL=42\n"
)
_LIB = "/home/airflow/.local/lib/python3.11/site-packages/airflow/models/connection.py"
_DAG = "/opt/airflow/dags/load.py"

#: (id, log, rule that answers, whether the evidence names the cause itself)
REAL_CASES = [
    # a conn_id typo in the DAG (code) and a connection never created (config) read the same
    (
        "connection not defined",
        _a2(_LIB, "airflow.exceptions.AirflowNotFoundException: The conn_id `postgres_dhw` isn't defined"),
        "airflow.missing_connection",
        False,
    ),
    (
        "variable not defined",
        _a2(_DAG, "KeyError: 'Variable export_bucket_nmae does not exist'"),
        "airflow.missing_variable",
        False,
    ),
    # a wrong secret (config) or a token fetched once and never refreshed on a long run (code)
    (
        "a bare 401",
        _a2(
            _DAG,
            "requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://api.x.com/v2/e",
        ),
        "generic.auth_failed",
        False,
    ),
    (
        "an expired token",
        _a2(
            _DAG,
            "botocore.exceptions.ClientError: An error occurred (ExpiredToken) when calling the PutObject "
            "operation: The provided token has expired.",
        ),
        "generic.auth_failed",
        False,
    ),
    (
        "a password the database rejects",
        _a2(
            _DAG,
            'psycopg2.OperationalError: connection to server at "dwh" (10.0.3.4), port 5432 failed: '
            'FATAL:  password authentication failed for user "etl_loader"',
        ),
        "generic.auth_failed",
        True,
    ),
    # a file mode (config) or a path the code should not write to (code)
    (
        "EACCES on a path",
        _a2(_DAG, "PermissionError: [Errno 13] Permission denied: '/opt/airflow/dags/output/report.csv'"),
        "generic.permission_denied",
        False,
    ),
    (
        "a grant on a sequence",
        _a2(_DAG, "psycopg2.errors.InsufficientPrivilege: permission denied for sequence load_log_id_seq"),
        "generic.permission_denied",
        True,
    ),
    (
        "a grant on a table",
        _a2(_DAG, "psycopg2.errors.InsufficientPrivilege: permission denied for table load_log"),
        "generic.permission_denied",
        True,
    ),
    # a package's version (config) or a module renamed in the task's own code (code)
    (
        "a submodule not found",
        _a2(_DAG, "ModuleNotFoundError: No module named 'common.features'"),
        "airflow.import_error",
        False,
    ),
    (
        "a name not importable",
        _a2(
            _DAG,
            "ImportError: cannot import name 'load_config' from 'pipelines.utils' "
            "(/opt/airflow/dags/pipelines/utils.py)",
        ),
        "airflow.import_error",
        False,
    ),
    (
        "a package not installed",
        _a2(_DAG, "ModuleNotFoundError: No module named 'xgboost'"),
        "airflow.import_error",
        True,
    ),
    # no grant (config), a source not loaded (data) or a misspelt name (code)
    (
        "Snowflake's does not exist or not authorized",
        _DBT.format(
            error="002003 (02000): SQL compilation error:\n  Schema 'RAW.SHOPIFY' does not exist or "
            "not authorized."
        ),
        "dbt.permission_denied",
        False,
    ),
    (
        "a namespace quota with its numbers",
        "[2024-05-02, 03:00:05 UTC] {taskinstance.py:2731} ERROR - Task failed with exception\n"
        "kubernetes.client.exceptions.ApiException: (403)\nReason: Forbidden\n"
        'HTTP response body: {"kind":"Status","status":"Failure","message":"pods \\"p\\" is forbidden: '
        'exceeded quota: team-quota, used: memory=60Gi, limited: memory=64Gi"}\n',
        "generic.resource_quota",
        True,
    ),
]


@pytest.mark.parametrize(
    ("log", "rule_id", "decisive"), [c[1:] for c in REAL_CASES], ids=[c[0] for c in REAL_CASES]
)
def test_symptom_level_evidence_stays_below_the_confident_band(
    tmp_path: Path, log: str, rule_id: str, decisive: bool
) -> None:
    """With no evidence gap, the rule answers; 70+ only when the log names the cause itself."""
    path = tmp_path / "task.log"
    path.write_text(log, encoding="utf-8")
    settings = OfflineSettings.load(use_model=False)
    bundle = collect_files([path], [], limits=settings.limits, adapters=settings.adapters)
    bundle.facts.update(dict(FULL_FACTS))
    root = analyse_bundle(bundle, settings.heuristics)[1].root_cause
    assert root.rule_id == rule_id
    if decisive:
        assert root.confidence >= 70, root.justification
    else:
        assert root.confidence <= GENERIC_CONFIDENCE_CAP, root.justification
