"""A limit that was hit, read by the guide's tie-break: logs in, the deterministic engine's answer out.

Config when the work was normal (progress up to the limit, or nothing to tell), infra when a
dependency stopped answering (blocked in a socket read, or last seen calling out) or a node was lost.
Each case runs through every registered adapter and the real engine over every built-in rule. The
distractors carry the limit's words where the guide calls them weak: a timeout warning that was
retried and recovered, "timeout" inside a table name, a limit quoted in INFO chatter before another
terminal error.
"""

from __future__ import annotations

import json
import re

import pytest
from support.engine_answer import analyse

from airflow_pipeline_debugger.domain import LogLine
from airflow_pipeline_debugger.heuristics.generic.limits import advancing, knowledge, waiting_frame
from airflow_pipeline_debugger.heuristics.knowledge import catalog


def a2(level: str, text: str, where: str = "partner.py:30") -> str:
    return f"[2026-12-01 02:47:02,000] {{{where}}} {level} - {text}"


SITE = "/home/airflow/.local/lib/python3.11/site-packages"
TIMEOUT_FRAME = [
    f'  File "{SITE}/airflow/utils/timeout.py", line 69, in handle_timeout',
    "    raise AirflowTaskTimeout(self.error_message)",
    "airflow.exceptions.AirflowTaskTimeout: Timeout, PID: 4242",
]
USER_FRAME = [
    "Traceback (most recent call last):",
    '  File "/opt/airflow/dags/partner.py", line 30, in pull',
    "    rows = fetch(page)",
]
#: Blocked in an SSL socket read when the timeout's signal handler ran.
SOCKET_WAIT = [
    *USER_FRAME,
    '  File "/usr/local/lib/python3.11/socket.py", line 706, in readinto',
    "    return self._sock.recv_into(b)",
    '  File "/usr/local/lib/python3.11/ssl.py", line 1167, in read',
    "    return self._sslobj.read(len, buffer)",
    *TIMEOUT_FRAME,
]
#: In the task's own loop when the timeout's signal handler ran.
IN_OWN_CODE = [
    *USER_FRAME,
    '  File "/opt/airflow/dags/partner.py", line 52, in transform',
    "    total += row.amount",
    *TIMEOUT_FRAME,
]
FAILED = a2("ERROR", "Task failed with exception", "taskinstance.py:1937")
PROGRESS = [a2("INFO", f"Processed batch {n}/40 (25,000 rows)") for n in (11, 12, 13)]
#: Counts of different things taken once at the start: an inventory, not work moving.
INVENTORY = [a2("INFO", "Found 12 files to export"), a2("INFO", "Loaded 3 tables from config")]
#: Waiting on the task's own child process (subprocess.communicate selects on its pipes).
CHILD_WAIT = [
    *USER_FRAME,
    '  File "/usr/local/lib/python3.11/subprocess.py", line 1209, in communicate',
    "    stdout, stderr = self._communicate(input, endtime, timeout)",
    '  File "/usr/local/lib/python3.11/subprocess.py", line 2115, in _communicate',
    "    ready = selector.select(timeout)",
    '  File "/usr/local/lib/python3.11/selectors.py", line 415, in select',
    "    fd_event_list = self._selector.poll(timeout)",
    *TIMEOUT_FRAME,
]
#: PySpark in the task: py4j reads the driver JVM's answer while the JVM runs the job.
PY4J_WAIT = [
    *USER_FRAME,
    f'  File "{SITE}/py4j/java_gateway.py", line 1038, in send_command',
    "    response = connection.send_command(command)",
    f'  File "{SITE}/py4j/clientserver.py", line 511, in send_command',
    "    answer = smart_decode(self.stream.readline()[:-1])",
    '  File "/usr/local/lib/python3.11/socket.py", line 706, in readinto',
    "    return self._sock.recv_into(b)",
    *TIMEOUT_FRAME,
]
SPOT_LOST = a2("WARNING", "Spot instance was interrupted: node ip-10-0-1-5 reclaimed", "ec2.py:80")


def a3_timeout_in_socket() -> str:
    """An Airflow 3 JSON record of a timeout raised while the task read from a socket."""
    frames = [
        {"filename": "/opt/airflow/dags/partner.py", "lineno": 30, "name": "pull"},
        {"filename": "/usr/lib/python3.12/socket.py", "lineno": 720, "name": "readinto"},
        {"filename": f"{SITE}/airflow/sdk/execution_time/timeout.py", "lineno": 39, "name": "handle_timeout"},
    ]
    detail = [{"exc_type": "AirflowTaskTimeout", "exc_value": "Timeout, PID: 4242", "frames": frames}]
    record = {
        "timestamp": "2026-12-01T02:47:02.000Z",
        "level": "error",
        "event": "Task failed with exception",
        "logger": "task",
        "error_detail": detail,
    }
    return json.dumps(record)


CASES = [
    # (id, log lines, rule id, category, words the root cause must name)
    (
        "execution_timeout_blocked_in_socket_read_is_a_hung_dependency",
        [a2("INFO", "Fetching page 7 from partner API"), FAILED, *SOCKET_WAIT],
        "airflow.execution_timeout",
        "infra",
        ["stopped answering", "ssl.py"],
    ),
    (
        "execution_timeout_blocked_in_socket_read_airflow3_json",
        [
            json.dumps(
                {"timestamp": "2026-12-01T02:40:00Z", "level": "info", "event": "Pulling partner feed"}
            ),
            a3_timeout_in_socket(),
        ],
        "airflow.execution_timeout",
        "infra",
        ["socket.py"],
    ),
    (
        "execution_timeout_last_line_a_call_out_after_progress",
        [
            *PROGRESS,
            a2(
                "DEBUG",
                "Starting new HTTPS connection (1): api.partner.example:443",
                "connectionpool.py:1049",
            ),
            FAILED,
            *IN_OWN_CODE,
        ],
        "airflow.execution_timeout",
        "infra",
        ["call out"],
    ),
    (
        "execution_timeout_while_progressing_is_a_budget_too_tight",
        [*PROGRESS, FAILED, *IN_OWN_CODE],
        "airflow.execution_timeout",
        "config",
        ["still progressing", "batch 13/40"],
    ),
    (
        # A read timeout the task retried and recovered from, then progress: the timeout warning is
        # not what the task died of.
        "execution_timeout_after_a_recovered_read_timeout_warning",
        [
            a2("WARNING", "Read timed out. (read timeout=30), retrying in 5s", "partner.py:44"),
            *PROGRESS,
            FAILED,
            *IN_OWN_CODE,
        ],
        "airflow.execution_timeout",
        "config",
        ["still progressing"],
    ),
    (
        # The operator streams the pod's log: it blocks in a socket read while the pod works, so the
        # read is not a hang when the pod's output was still being relayed.
        "execution_timeout_streaming_a_pods_log_is_not_a_hang",
        [
            "[2026-12-01 02:47:01,000] {pod_manager.py:471} INFO - b'scoring partition 2026-11-30\\n'",
            FAILED,
            *SOCKET_WAIT,
        ],
        "airflow.execution_timeout",
        "config",
        ["execution_timeout"],
    ),
    (
        # The task's own print() relayed through logging_mixin says nothing of a child still working.
        "execution_timeout_after_a_printed_line_in_a_socket_read_is_a_hang",
        [a2("INFO", "Fetching page 7 from partner API", "logging_mixin.py:190"), FAILED, *SOCKET_WAIT],
        "airflow.execution_timeout",
        "infra",
        ["stopped answering"],
    ),
    (
        # Counts of different things are an inventory, not progress: the socket read still decides.
        "execution_timeout_in_a_socket_read_after_an_inventory_is_a_hang",
        [*INVENTORY, FAILED, *SOCKET_WAIT],
        "airflow.execution_timeout",
        "infra",
        ["stopped answering"],
    ),
    (
        "execution_timeout_in_a_socket_read_after_counts_of_skipped_and_refetched_files_is_a_hang",
        [
            a2("INFO", "3 files failed checksum, will fetch them again"),
            a2("INFO", "Skipped 2 files already present"),
            FAILED,
            *SOCKET_WAIT,
        ],
        "airflow.execution_timeout",
        "infra",
        ["stopped answering"],
    ),
    (
        # Waiting on its own child is the work running, not a dependency that stopped answering.
        "execution_timeout_waiting_on_the_tasks_own_child_is_not_a_hang",
        [a2("INFO", "Building search index"), FAILED, *CHILD_WAIT],
        "airflow.execution_timeout",
        "config",
        ["shorter than the task's runtime"],
    ),
    (
        "execution_timeout_waiting_on_the_spark_jvm_through_py4j_is_not_a_hang",
        [a2("INFO", "Starting Spark aggregation"), FAILED, *PY4J_WAIT],
        "airflow.execution_timeout",
        "config",
        ["shorter than the task's runtime"],
    ),
    (
        # A call-out with a line of the task's own after it: the call returned and the task went on.
        "execution_timeout_after_a_call_out_the_task_went_on_from_is_not_a_hang",
        [
            a2("INFO", "Connecting to feature store at fs.internal:6379"),
            a2("INFO", "Scoring customers"),
            FAILED,
            *IN_OWN_CODE,
        ],
        "airflow.execution_timeout",
        "config",
        ["shorter than the task's runtime"],
    ),
    (
        "execution_timeout_in_a_socket_read_after_progress_is_the_budget",
        [*PROGRESS, FAILED, *SOCKET_WAIT],
        "airflow.execution_timeout",
        "config",
        ["still progressing"],
    ),
    (
        "execution_timeout_with_nothing_to_tell_stays_config",
        [a2("INFO", "Starting transform"), FAILED, *IN_OWN_CODE],
        "airflow.execution_timeout",
        "config",
        ["shorter than the task's runtime"],
    ),
    (
        "execution_timeout_after_node_lost",
        [SPOT_LOST, FAILED, *IN_OWN_CODE],
        "airflow.execution_timeout",
        "infra",
        ["node"],
    ),
    (
        # dbt's output relayed by a BashOperator, then Airflow's wrapper: the limit is still the cause.
        "statement_timeout_under_a_wrapper_exception",
        [
            "[2026-12-01 02:47:01,000] {subprocess.py:93} INFO - 02:47:01    Database Error in model "
            "fct_orders (models/marts/fct_orders.sql)",
            "[2026-12-01 02:47:01,000] {subprocess.py:93} INFO - 02:47:01      canceling statement due to "
            "statement timeout",
            FAILED,
            "Traceback (most recent call last):",
            f'  File "{SITE}/airflow/operators/bash.py", line 243, in execute',
            "    raise AirflowException(",
            "airflow.exceptions.AirflowException: Bash command failed. The command returned a non-zero "
            "exit code 1.",
        ],
        "generic.limit_hit",
        "config",
        ["statement_timeout"],
    ),
    (
        "postgres_statement_timeout_after_progress_names_the_setting",
        [
            *PROGRESS,
            a2("ERROR", "Task failed with exception", "taskinstance.py:1937"),
            "Traceback (most recent call last):",
            '  File "/opt/airflow/dags/partner.py", line 30, in pull',
            "    cur.execute(sql)",
            "psycopg2.errors.QueryCanceled: canceling statement due to statement timeout",
        ],
        "generic.limit_hit",
        "config",
        ["statement_timeout", "batch 13/40"],
    ),
    (
        # A server-side limit: the database was running the statement, so a socket frame under the
        # driver does not make it a hang.
        "postgres_statement_timeout_in_a_socket_frame_stays_config",
        [
            FAILED,
            *USER_FRAME,
            '  File "/usr/local/lib/python3.11/socket.py", line 706, in readinto',
            "    return self._sock.recv_into(b)",
            "psycopg.errors.QueryCanceled: canceling statement due to statement timeout",
        ],
        "generic.limit_hit",
        "config",
        ["statement_timeout"],
    ),
    (
        "subprocess_timeout_after_a_call_out_is_a_hung_dependency",
        [
            *PROGRESS,
            a2("INFO", "GET https://api.partner.example/v1/export?page=14", "partner.py:61"),
            FAILED,
            *USER_FRAME,
            "subprocess.TimeoutExpired: Command '['curl', '-sf', 'https://api.partner.example']' timed out "
            "after 600 seconds",
        ],
        "generic.limit_hit",
        "infra",
        ["stopped answering", "600 s"],
    ),
    (
        "subprocess_timeout_after_a_lost_node_is_the_platform",
        [
            a2("ERROR", "Container released on a *lost* node: container_e42_0007_01_000003", "yarn.py:12"),
            FAILED,
            *USER_FRAME,
            "subprocess.TimeoutExpired: Command '['./bin/export']' timed out after 600 seconds",
        ],
        "generic.limit_hit",
        "infra",
        ["node"],
    ),
    (
        # The database ran the statement: a node lost under the client did not make it slower.
        "statement_timeout_after_a_lost_node_stays_config",
        [
            a2("ERROR", "Container released on a *lost* node: container_e42_0007_01_000003", "yarn.py:12"),
            FAILED,
            *USER_FRAME,
            "psycopg2.errors.QueryCanceled: canceling statement due to statement timeout",
        ],
        "generic.limit_hit",
        "config",
        ["statement_timeout"],
    ),
    (
        # The bytes a query scans do not depend on the node that asked.
        "bytes_billed_after_a_spot_interruption_stays_config",
        [
            SPOT_LOST,
            FAILED,
            *USER_FRAME,
            "google.api_core.exceptions.BadRequest: 400 Query exceeded limit for bytes billed: "
            "1000000000. 20004857600 or higher required.",
        ],
        "generic.limit_hit",
        "config",
        ["maximum_bytes_billed"],
    ),
    (
        # A node lost after the limit fired (the cluster shrinking after the failure) did not cause it.
        "subprocess_timeout_before_a_lost_node_stays_config",
        [
            FAILED,
            *USER_FRAME,
            "subprocess.TimeoutExpired: Command '['./bin/export']' timed out after 600 seconds",
            SPOT_LOST,
        ],
        "generic.limit_hit",
        "config",
        ["600 s"],
    ),
    (
        "snowflake_statement_timeout_names_setting_and_value",
        [
            "02:10:11  Database Error in model fct_orders (models/marts/fct_orders.sql)",
            "02:10:11    000630 (57014): Statement reached its statement or warehouse timeout of 3,600 "
            "second(s) and was canceled.",
        ],
        "generic.limit_hit",
        "config",
        ["STATEMENT_TIMEOUT_IN_SECONDS", "3,600"],
    ),
    (
        "bigquery_bytes_billed_names_the_cap_and_its_value",
        [
            FAILED,
            *USER_FRAME,
            "google.api_core.exceptions.BadRequest: 400 Query exceeded limit for bytes billed: "
            "1000000000. 20004857600 or higher required.",
        ],
        "generic.limit_hit",
        "config",
        ["maximum_bytes_billed", "1000000000 bytes"],
    ),
    (
        "redshift_wlm_abort_names_the_rule",
        [
            FAILED,
            *USER_FRAME,
            "psycopg2.errors.InternalError_: Query (12345) cancelled by WLM abort action of Query "
            'Monitoring Rule "long_running".',
        ],
        "generic.limit_hit",
        "config",
        ["WLM query monitoring rule", "long_running"],
    ),
    (
        "snowflake_resource_monitor_quota",
        [
            "090073 (22000): Warehouse 'TRANSFORM_WH' cannot be resumed because resource monitor "
            "'DAILY_CAP' has exceeded its quota.",
        ],
        "generic.limit_hit",
        "config",
        ["CREDIT_QUOTA"],
    ),
    (
        "snowflake_session_token_expired_is_the_idle_session_lifetime",
        ["390114 (08001): Authentication token has expired.  The user must authenticate again."],
        "generic.limit_hit",
        "config",
        ["client_session_keep_alive", "4 hours"],
    ),
    (
        # The message names the property that applied; a GC-stalled JVM is the usual reason.
        "spark_rpc_timeout_names_the_property_the_message_gives",
        [
            "24/03/01 10:02:11 ERROR Utils: Uncaught exception in thread driver-heartbeater",
            "org.apache.spark.rpc.RpcTimeoutException: Futures timed out after [10 seconds]. This timeout "
            "is controlled by spark.executor.heartbeatInterval",
            "\tat org.apache.spark.rpc.RpcTimeout.org$apache$spark$rpc$RpcTimeout$$createRpcTimeoutException"
            "(RpcTimeout.scala:47)",
        ],
        "generic.limit_hit",
        "config",
        ["spark.executor.heartbeatInterval", "10 seconds"],
    ),
]


@pytest.mark.parametrize(("case_id", "lines", "rule", "category", "words"), CASES, ids=[c[0] for c in CASES])
def test_engine_answer(case_id: str, lines: list[str], rule: str, category: str, words: list[str]) -> None:
    result = analyse(lines)
    root = result.root_cause
    assert root.rule_id == rule, (root.rule_id, root.title, root.summary)
    assert result.category.value == category, (root.rule_id, root.title, root.summary)
    fix = result.remediation
    text = " ".join([root.title, root.summary, root.justification, fix.immediate_fix, fix.change])
    for word in words:
        assert word.lower() in text.lower(), (word, root.title, root.summary)


DISTRACTORS = [
    # (id, log lines): none may be answered as a limit that was hit.
    (
        "statement_timeout_warning_retried_then_a_keyerror",
        [
            a2("WARNING", "canceling statement due to statement timeout; retrying in 5s", "base.py:84"),
            a2("INFO", "Fetched 48213 rows from staging.orders"),
            FAILED,
            *USER_FRAME,
            "KeyError: 'customer_id'",
        ],
    ),
    (
        # The timeout was logged and caught; the task died of the KeyError on what it left.
        "statement_timeout_logged_then_another_exception_ended_the_task",
        [
            a2("ERROR", "canceling statement due to statement timeout", "partner.py:31"),
            FAILED,
            *USER_FRAME,
            "KeyError: 'customer_id'",
        ],
    ),
    (
        "timeout_inside_a_table_name",
        [
            a2("INFO", "Loaded 120 rows into audit.statement_timeout_log"),
            FAILED,
            *USER_FRAME,
            'psycopg2.errors.UndefinedColumn: column "order_ts" does not exist',
        ],
    ),
    (
        "limit_in_info_chatter_then_another_terminal_error",
        [
            a2(
                "INFO",
                "Previous try: Statement reached its statement or warehouse timeout of 3,600 second(s)",
            ),
            a2("INFO", "Fetched 0 rows from staging.daily_sales"),
            FAILED,
            *USER_FRAME,
            "ZeroDivisionError: division by zero",
        ],
    ),
]


@pytest.mark.parametrize(("case_id", "lines"), DISTRACTORS, ids=[c[0] for c in DISTRACTORS])
def test_distractor_is_not_a_limit(case_id: str, lines: list[str]) -> None:
    result = analyse(lines)
    ids = {h.rule_id for h in result.hypotheses}
    assert "generic.limit_hit" not in ids, (result.root_cause.rule_id, result.root_cause.title)
    assert result.root_cause.rule_id != "generic.limit_hit"


def test_an_undecided_limit_keeps_a_modest_confidence_and_names_the_alternatives() -> None:
    result = analyse(
        [
            FAILED,
            *USER_FRAME,
            "psycopg2.errors.QueryCanceled: canceling statement due to statement timeout",
        ]
    )
    root = result.root_cause
    assert root.rule_id == "generic.limit_hit"
    assert root.confidence <= 60
    limit = next(h for h in result.hypotheses if h.rule_id == "generic.limit_hit")
    against = " ".join(limit.evidence_against)
    assert "hung" in against
    assert "grew" in against


def test_remediation_names_the_setting_where_it_lives_and_an_alert() -> None:
    result = analyse([*PROGRESS, FAILED, *IN_OWN_CODE])
    fix = result.remediation
    assert "AIRFLOW__CORE__DEFAULT_TASK_EXECUTION_TIMEOUT" in fix.immediate_fix
    assert "approaches execution_timeout" in fix.prevention


@pytest.mark.parametrize(
    ("frames", "expected"),
    [
        ([("/usr/lib/python3.12/socket.py", "720", "readinto")], "python3.12/socket.py:720 in readinto"),
        (
            [("/usr/lib/python3.12/http/client.py", "287", "_read_status")],
            "http/client.py:287 in _read_status",
        ),
        # The handler's own frame is skipped: where the task was is the frame below it.
        (
            [
                ("/usr/lib/python3.12/ssl.py", "1167", "read"),
                (f"{SITE}/airflow/utils/timeout.py", "69", "handle_timeout"),
            ],
            "python3.12/ssl.py:1167 in read",
        ),
        # A socket frame above the task's own code is not where it was when the limit fired.
        (
            [("/usr/lib/python3.12/socket.py", "720", "readinto"), ("/opt/airflow/dags/x.py", "9", "loop")],
            "",
        ),
        # A module named like a blocking one, in the task's own package, is not the standard library's.
        ([("/opt/airflow/dags/mysocket.py", "3", "readinto")], ""),
        # Waiting on a peer that does the task's own work: its child process, the Spark JVM.
        (
            [
                ("/usr/lib/python3.12/subprocess.py", "1209", "communicate"),
                ("/usr/lib/python3.12/selectors.py", "415", "select"),
            ],
            "",
        ),
        (
            [
                (f"{SITE}/py4j/clientserver.py", "511", "send_command"),
                ("/usr/lib/python3.12/socket.py", "720", "readinto"),
            ],
            "",
        ),
        # A DB-API cursor running a statement: the database is working on it.
        (
            [
                (f"{SITE}/pymysql/cursors.py", "153", "execute"),
                (f"{SITE}/pymysql/connections.py", "721", "_read_bytes"),
                ("/usr/lib/python3.12/socket.py", "720", "readinto"),
            ],
            "",
        ),
        (
            [
                (f"{SITE}/sqlalchemy/engine/default.py", "924", "do_execute"),
                ("/usr/lib/python3.12/socket.py", "720", "readinto"),
            ],
            "",
        ),
        # An operator's own execute() above an HTTP read is no cursor: the read is still a wait.
        (
            [
                (f"{SITE}/airflow/operators/python.py", "194", "execute"),
                (f"{SITE}/requests/adapters.py", "486", "send"),
                ("/usr/lib/python3.12/socket.py", "720", "readinto"),
            ],
            "python3.12/socket.py:720 in readinto",
        ),
        # A child started earlier in the task is no reason to doubt a later socket read.
        (
            [("/opt/airflow/dags/x.py", "9", "pull"), ("/usr/lib/python3.12/socket.py", "720", "readinto")],
            "python3.12/socket.py:720 in readinto",
        ),
        ([], ""),
    ],
)
def test_waiting_frame(frames: list[tuple[str, str, str]], expected: str) -> None:
    assert waiting_frame(frames) == expected


def test_every_limit_joins_a_known_message_with_a_source_and_a_value_group() -> None:
    known = {prior.code for _, prior in catalog().messages}
    limits = knowledge().limits
    assert limits
    for limit in limits:
        assert limit.message in known
        assert limit.source and limit.where and limit.setting and limit.measure
        if limit.value is not None:
            assert "value" in limit.value.groupindex


@pytest.mark.parametrize(
    ("line", "progress"),
    [
        ("Processed batch 3/40", True),
        ("Inserted 25,000 rows into staging.orders", True),
        ("Uploaded file 7 of 12", True),
        ("copying: 45%|████▌     | 45/100", True),
        ("Fetched 0 rows from staging.orders", False),  # an empty input is not progress
        ("Disk usage 95% on /tmp", False),
        ("Starting transform", False),
    ],
)
def test_progress_lines(line: str, progress: bool) -> None:
    assert bool(knowledge().progress.search(line)) is progress


@pytest.mark.parametrize(
    ("texts", "moving"),
    [
        (["Processed batch 11/40 (25,000 rows)", "Processed batch 12/40 (25,000 rows)"], True),
        (["Inserted 25,000 rows into staging.orders", "Inserted 31,200 rows into staging.customers"], True),
        (["copying: 45%|████▌     | 45/100", "copying: 52%|█████▏    | 52/100"], True),
        # Counts of different things, each once: an inventory.
        (["Found 12 files to export", "Loaded 3 tables from config"], False),
        (["3 files failed checksum, will fetch them again", "Skipped 2 files already present"], False),
        # The same count again is not a count advancing.
        (["Fetched 500 rows from staging.orders", "Fetched 500 rows from staging.orders"], False),
        (["Processed batch 11/40"], False),
    ],
)
def test_progress_is_a_count_advancing(texts: list[str], moving: bool) -> None:
    lines = [LogLine("E1", n, a2("INFO", text)) for n, text in enumerate(texts, start=1)]
    assert bool(advancing(lines)) is moving


def test_call_out_pattern_reads_only_whole_call_lines() -> None:
    call_out = knowledge().call_out
    assert call_out.search("Starting new HTTPS connection (1): api.partner.example:443")
    assert call_out.search("GET https://api.partner.example/v1/orders?page=7")
    assert not call_out.search("GET https://api.partner.example/v1/orders?page=7 200 OK in 0.4s")
    assert not re.search(call_out.pattern, "reconnecting_customers table refreshed")


KILLED = a2("INFO", "Task exited with return code Negsignal.SIGKILL", "local_task_job_runner.py:234")


@pytest.mark.parametrize(
    ("record", "category", "words"),
    [
        # The kernel's memory-cgroup OOM: the container's own limit was reached.
        (
            "Dec 06 02:14:05 worker-1 kernel: Memory cgroup out of memory: Killed process 4242 (python3) "
            "total-vm:9811232kB, anon-rss:7905212kB, file-rss:0kB",
            "config",
            ["memory limit"],
        ),
        # Kubernetes' termination reason for a container over its memory limit.
        ("    Reason:       OOMKilled", "config", ["memory limit"]),
        # The node ran out (a global OOM): other tasks may have used the memory; the platform's failure.
        (
            "Dec 06 02:14:05 worker-1 kernel: Out of memory: Killed process 4242 (python3) "
            "total-vm:9811232kB, anon-rss:7905212kB, file-rss:0kB",
            "infra",
            ["out-of-memory killer"],
        ),
    ],
    ids=["memory cgroup", "OOMKilled", "global OOM"],
)
def test_an_oom_kill_record_says_whose_limit(record: str, category: str, words: list[str]) -> None:
    result = analyse([KILLED, record])
    root = result.root_cause
    assert root.rule_id == "airflow.sigkill", (root.rule_id, root.title)
    assert result.category.value == category, root.title
    for word in words:
        assert word in f"{root.title} {root.summary}", root.title


def test_a_limit_fixed_by_a_switch_is_not_sized_like_a_number() -> None:
    # Snowflake's token lifetime is fixed; client_session_keep_alive is on or off, not measured.
    result = analyse(["390114 (08001): Authentication token has expired.  The user must authenticate again."])
    fix = result.remediation
    assert result.root_cause.rule_id == "generic.limit_hit"
    assert "client_session_keep_alive" in fix.change
    assert "p95" not in fix.change
    assert "client_session_keep_alive" not in f"{fix.prevention} {fix.monitoring}"
