"""Calibration of the Airflow and generic rules: a confident ceiling only on evidence that decides.

Table-driven over realistic logs (and the run facts the rules read): each rule's finding keeps its
confident ceiling when its evidence names the cause (Jinja's own verdict, the DAG file's SyntaxError,
a gateway's 503, a certificate refused) and is held at ``AMBIGUOUS_CEILING`` when the same evidence
is left by causes in other categories (a template file not shipped, a DAG missing on the worker, a
host that does not resolve, a 500 from an API of one's own, a sensor that never worked).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.offline_rule import CONFIDENT, assert_engine_within_ceiling, log_finding

from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING

#: The least confidence of the confident band.

_A2 = (
    "[2024-05-02, 03:00:06 UTC] {taskinstance.py:2731} ERROR - Task failed with exception\n"
    "Traceback (most recent call last):\n"
)
_MARK = (
    "[2024-05-02, 03:00:06 UTC] {taskinstance.py:1149} INFO - Marking task as FAILED. dag_id=d, "
    "task_id=t, execution_date=20240501T030000\n"
)
_DAG = "/opt/airflow/dags/load.py"


def _a2(error: str, frames: str = "") -> str:
    """An Airflow 2 task log failing with ``error`` raised under ``frames``."""
    return f'{_A2}  File "{_DAG}", line 40, in run\n    do()\n{frames}{error}\n{_MARK}'


_RENDER = (
    "[2024-05-02, 03:00:05 UTC] {abstractoperator.py:708} ERROR - Exception rendering Jinja template for "
    "task 'load', field 'sql'. Template: 'sql/load.sql'\n"
)
_A3 = "[2026-03-01T02:00:03.123+0000] {task_runner.py:612} ERROR - "
_TIMEOUT = (
    '  File "/home/airflow/.local/lib/python3.11/site-packages/airflow/utils/timeout.py", line 69, in '
    "handle_timeout\n    raise AirflowTaskTimeout(self.error_message)\n"
)
_SOCKET = (
    '  File "/usr/local/lib/python3.11/socket.py", line 718, in readinto\n'
    "    return self._sock.recv_into(b)\n"
)
_TASK_TIMEOUT = "airflow.exceptions.AirflowTaskTimeout: Timeout, PID: 4242"
_SENSOR = (
    "airflow.exceptions.AirflowSensorTimeout: Sensor has timed out; run duration of 3600.2 seconds exceeds "
    "the specified timeout of 3600.0."
)


def _durations(typical: list[int], changes: dict[str, Any]) -> dict[str, Any]:
    """Facts of a task with an hour's execution_timeout, its past successes and the change record."""
    return {
        "task_config": {"execution_timeout_s": 3600},
        "history": {"seen_before": False, "success_durations_s": typical},
        "changes": changes,
    }


_FAST = [600, 620, 590]
_SHA = "3f2a9c1d7e"


def _git(lines: list[tuple[str, str]]) -> dict[str, Any]:
    """A change record whose one commit changed these ``(sign, text)`` lines of dags/load.py."""
    return {
        "changes": {
            "since": "scheduled__ok",
            "code_changed": True,
            "changed": ["1 commit(s) in bundle repo"],
            "git": {
                "commits": [{"short": _SHA, "author": "Ada", "message": "orders columns"}],
                "lines": [
                    {"sha": _SHA, "file": "dags/load.py", "line": 7, "sign": sign, "text": text}
                    for sign, text in lines
                ],
            },
        }
    }


#: (id, log, facts, rule, whether the evidence decides the cause and its category)
CASES: list[tuple[str, str, dict[str, Any], str, bool]] = [
    # Jinja's own verdict is the template's; a rendering that failed on a lookup or a file is not
    (
        "an undefined name in a template",
        _RENDER + _a2("jinja2.exceptions.UndefinedError: 'dict object' has no attribute 'table'"),
        {},
        "airflow.template_error",
        True,
    ),
    (
        "a template that does not parse",
        _RENDER + _a2("jinja2.exceptions.TemplateSyntaxError: unexpected '}'"),
        {},
        "airflow.template_error",
        True,
    ),
    (
        "a template file not found",
        _RENDER + _a2("jinja2.exceptions.TemplateNotFound: sql/load.sql"),
        {},
        "airflow.template_error",
        False,
    ),
    (
        "rendering failed on something else",
        _RENDER + _a2("TypeError: 'NoneType' object is not subscriptable"),
        {},
        "airflow.template_error",
        False,
    ),
    # the DAG file's own error is code; a DAG the worker cannot find is as often its deployment
    (
        "a DAG file that does not parse",
        "[2024-05-02, 03:00:03 UTC] {dagbag.py:346} ERROR - Failed to import: /opt/airflow/dags/orders.py\n"
        'Traceback (most recent call last):\n  File "/opt/airflow/dags/orders.py", line 12\n'
        "    with DAG(\n        ^\nSyntaxError: '(' was never closed\n",
        {},
        "airflow.dag_import_error",
        True,
    ),
    (
        "a task gone from the DAG",
        _A3 + "Task not found in Dag during start up dag_id=orders task_id=load path=orders.py\n",
        {},
        "airflow.dag_import_error",
        True,
    ),
    (
        "a DAG the worker does not find",
        _A3 + "Dag not found during start up dag_id=orders bundle={'name': 'dags-folder'} path=orders.py\n",
        {},
        "airflow.dag_import_error",
        False,
    ),
    # a commit that removed the name the error names, or one that only edited around it
    (
        "a commit removed the name",
        _a2("KeyError: 'customer_id'"),
        _git([("-", 'cols = ["customer_id", "amount"]'), ("+", 'cols = ["cust_id", "amount"]')]),
        "generic.change_names_error",
        True,
    ),
    (
        "a commit edited around the name",
        _a2("KeyError: 'customer_id'"),
        _git([("-", 'cols = ["customer_id", "amount"]'), ("+", 'cols = ["customer_id", "total"]')]),
        "generic.change_names_error",
        False,
    ),
    # execution_timeout of a task that usually takes a sixth of it
    (
        "the task's own definition changed",
        _a2(_TASK_TIMEOUT, _TIMEOUT),
        _durations(_FAST, {"code_changed": True, "task_diff": {"sql": {"before": "a", "after": "b"}}}),
        "airflow.execution_timeout",
        True,
    ),
    (
        "another part of the DAG file changed",
        _a2(_TASK_TIMEOUT, _TIMEOUT),
        _durations(_FAST, {"code_changed": True, "changed": ["DAG source"]}),
        "airflow.execution_timeout",
        False,
    ),
    (
        "blocked on a reply, nothing changed",
        _a2(_TASK_TIMEOUT, _SOCKET + _TIMEOUT),
        _durations(_FAST, {"code_changed": False}),
        "airflow.execution_timeout",
        True,
    ),
    (
        "slow, nothing changed, the log silent",
        _a2(_TASK_TIMEOUT, _TIMEOUT),
        _durations(_FAST, {"code_changed": False}),
        "airflow.execution_timeout",
        False,
    ),
    (
        "runtime grown to the limit",
        _a2(_TASK_TIMEOUT, _TIMEOUT),
        _durations([3000, 3100], {"code_changed": False}),
        "airflow.execution_timeout",
        True,
    ),
    # a sensor that found its input on earlier runs, unchanged since, or one never seen to work
    (
        "a proven sensor waited in vain",
        _a2(_SENSOR),
        {
            "history": {"seen_before": False, "success_durations_s": [600, 700]},
            "changes": {"code_changed": False},
        },
        "airflow.sensor_timeout",
        True,
    ),
    ("a sensor with no past success", _a2(_SENSOR), {}, "airflow.sensor_timeout", False),
    (
        "the DAG run's budget ran out",
        "[2024-05-02, 05:00:00 UTC] {scheduler_job_runner.py:1620} INFO - Run scheduled__2024-05-01T03:00:00"
        "+00:00 of orders has timed-out\n",
        {},
        "airflow.dagrun_timeout",
        False,
    ),
    # the network: a remote refusal, a reset, the resolver's "try again" against a wrong address
    (
        "a remote host refused",
        _a2(
            'psycopg2.OperationalError: connection to server at "dwh.internal" (10.0.3.4), port 5432 failed: '
            "Connection refused"
        ),
        {},
        "generic.network_error",
        True,
    ),
    (
        "the task's own host refused",
        _a2(
            'psycopg2.OperationalError: connection to server at "localhost" (127.0.0.1), port 5432 failed: '
            "Connection refused"
        ),
        {},
        "generic.network_error",
        False,
    ),
    (
        "DNS said try again",
        _a2(
            'psycopg2.OperationalError: could not translate host name "db.internal" to address: Temporary '
            "failure in name resolution"
        ),
        {},
        "generic.network_error",
        True,
    ),
    (
        "a host name that does not resolve",
        _a2(
            'psycopg2.OperationalError: could not translate host name "warehouse-prod.internal" to address: '
            "Name or service not known"
        ),
        {},
        "generic.network_error",
        False,
    ),
    (
        "a certificate refused",
        _a2(
            "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
            "self-signed certificate in certificate chain (_ssl.c:1006)"
        ),
        {},
        "generic.tls_error",
        True,
    ),
    (
        "a handshake cut short",
        _a2(
            "requests.exceptions.SSLError: HTTPSConnectionPool(host='api.partner.com', port=443): Max "
            "retries exceeded with url: /v1/x (Caused by SSLError(SSLEOFError(8, 'EOF occurred in "
            "violation of protocol (_ssl.c:2426)')))"
        ),
        {},
        "generic.tls_error",
        False,
    ),
    # a service's 5xx: a gateway or a cloud API is the remote side; a 500 of one's own API is not only
    (
        "a 503 from a partner API",
        _a2(
            "requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: "
            "https://api.partner.com/v1/orders"
        ),
        {},
        "generic.server_error",
        True,
    ),
    (
        "a 500 from a cloud API",
        _a2(
            "google.api_core.exceptions.InternalServerError: 500 Internal error encountered.",
            '  File "/home/airflow/.local/lib/python3.11/site-packages/google/api_core/grpc_helpers.py", '
            "line 78, in error_remapped_callable\n",
        ),
        {},
        "generic.server_error",
        True,
    ),
    (
        "a 500 from a partner API",
        _a2(
            "requests.exceptions.HTTPError: 500 Server Error: Internal Server Error for url: "
            "https://api.partner.com/v1/orders"
        ),
        {},
        "generic.server_error",
        False,
    ),
    (
        "a 503 that never passed on retry",
        _a2(
            "requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: "
            "https://api.partner.com/v1/orders"
        ),
        {"history": {"seen_before": True, "resolved_on_retry": False}},
        "generic.server_error",
        False,
    ),
    # decisive evidence, kept confident: the os.environ frame, the class file versions
    (
        "an environment variable not set",
        f'{_A2}  File "{_DAG}", line 40, in run\n    bucket = os.environ["EXPORT_BUCKET"]\n'
        f"  File \"<frozen os>\", line 714, in __getitem__\nKeyError: 'EXPORT_BUCKET'\n{_MARK}",
        {},
        "generic.missing_env_var",
        True,
    ),
    (
        "a class built for a newer Java",
        _a2(
            "java.lang.UnsupportedClassVersionError: com/acme/etl/Main has been compiled by a more recent "
            "version of the Java Runtime (class file version 61.0), this version of the Java Runtime only "
            "recognizes class file versions up to 55.0"
        ),
        {},
        "generic.class_version",
        True,
    ),
]


@pytest.mark.parametrize(
    ("log", "facts", "rule_id", "decisive"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_ceiling_follows_the_evidence(
    tmp_path: Path, log: str, facts: dict[str, Any], rule_id: str, decisive: bool
) -> None:
    """The rule's own ceiling: confident on deciding evidence, ``AMBIGUOUS_CEILING`` on shared evidence."""
    found = log_finding(tmp_path, log, facts, rule_id)
    if decisive:
        assert found.max_confidence >= CONFIDENT, found.title
        assert found.likelihood >= CONFIDENT, found.title
    else:
        assert found.max_confidence == AMBIGUOUS_CEILING, found.title


#: Network and service cases: the log alone gives the engine a documented code or a named host.
ENGINE = [
    c
    for c in CASES
    if c[3] in ("generic.network_error", "generic.server_error") and not c[2] and "cloud" not in c[0]
]


@pytest.mark.parametrize(
    ("log", "facts", "rule_id", "decisive"), [c[1:] for c in ENGINE], ids=[c[0] for c in ENGINE]
)
def test_the_engine_answers_within_the_ceiling(
    tmp_path: Path, log: str, facts: dict[str, Any], rule_id: str, decisive: bool
) -> None:
    """End to end with no evidence gap: 70+ where the evidence decides, the ceiling where it does not."""
    assert_engine_within_ceiling(tmp_path, log, facts, rule_id, decisive)
