"""The terminal block a task died with, line levels, and what the lines before say about the input."""

from __future__ import annotations

import pytest

from airflow_pipeline_debugger.domain import (
    Evidence,
    EvidenceBundle,
    EvidenceKind,
    FailureContext,
    LogLine,
    TaskKey,
)
from airflow_pipeline_debugger.evidence.levels import is_retried
from airflow_pipeline_debugger.heuristics.terminal import (
    RELAYED_LINES,
    closing_message,
    failing_node,
    input_context,
    is_chatter,
    is_relayed,
    level_of,
    raised_at,
    read_error,
    states_failure,
    terminal_blocks,
)

A3 = "[2026-12-01T02:47:02.000+0000] {{{where}}} {level} - {text}"


def line(level: str, text: str, where: str = "extract.py:22") -> str:
    return A3.format(where=where, level=level, text=text)


@pytest.mark.parametrize(
    ("text", "level", "chatter", "retried"),
    [
        (line("INFO", "LRU cache full: 3 entries evicted"), "INFO", True, False),
        (line("WARNING", "Connection refused, retrying in 2s"), "WARNING", False, True),
        (line("WARNING", "Received SIGTERM. Terminating subprocesses."), "WARNING", False, False),
        (line("ERROR", "Task failed with exception"), "ERROR", False, False),
        ("12:00:01  Failure in test unique_orders_id", "", False, False),
        ("2026-12-01T02:47:02Z INFO evicted_users loaded", "INFO", True, False),
        ("[2021-09-07 16:28:11,021: INFO/ForkPoolWorker-1] Task evicted_rows done", "INFO", True, False),
        (
            "[2021-09-07 16:28:32,919: ERROR/MainProcess] Process 'ForkPoolWorker-2' exited",
            "ERROR",
            False,
            False,
        ),
        ("KeyError: 'customer_id'", "", False, False),
        ("Retrying (Retry(total=2)) after connection broken", "", False, True),
        # A traceback's last line is what was raised, whatever it says of attempts.
        ("ConnectionError: gave up on attempt 5 of 5: [Errno 111] Connection refused", "", False, False),
        # httpx records the supervisor's refused Execution API call at INFO: the task is stopped on it.
        (
            line(
                "INFO",
                'HTTP Request: PUT http://api:8080/execution/task-instances/1/heartbeat "HTTP/1.1 403 F"',
            ),
            "INFO",
            False,
            False,
        ),
        (
            line(
                "INFO",
                'HTTP Request: PUT http://api:8080/execution/task-instances/1/heartbeat "HTTP/1.1 204 "',
            ),
            "INFO",
            True,
            False,
        ),
        (
            line("INFO", 'HTTP Request: GET https://partner/v2/execution "HTTP/1.1 404 Not Found"'),
            "INFO",
            True,
            False,
        ),
    ],
)
def test_levels(text: str, level: str, chatter: bool, retried: bool) -> None:
    assert (level_of(text), is_chatter(text), is_retried(text)) == (level, chatter, retried)


@pytest.mark.parametrize(
    "text",
    [
        line("INFO", "b'Traceback (most recent call last):\\n'", "pod_launcher.py:156"),
        line("INFO", "ValueError: bad row", "logging_mixin.py:190"),
        "2026-12-01T02:47:02Z INFO ValueError: bad row [airflow.task.hooks.airflow.providers.standard.hooks."
        "subprocess.SubprocessHook]",
        line(
            "INFO", "Caused by: java.io.EOFException: Unexpected end of input stream", "spark_submit.py:521"
        ),
        "2026-12-01T02:47:02Z INFO 26/12/06 ERROR Executor: Exception in task 0.0 [airflow.task.hooks."
        "airflow.providers.apache.spark.hooks.spark_submit.SparkSubmitHook]",
    ],
)
def test_a_childs_output_relayed_as_info_is_not_chatter(text: str) -> None:
    assert is_relayed(text) and not is_chatter(text)


def bundle_of(lines: list[str], last_error: int) -> EvidenceBundle:
    content = "\n".join(lines)
    evidence = Evidence(
        id="E1",
        kind=EvidenceKind.LOG,
        name="task log",
        source="t",
        content=content,
        summary={"last_error": {"line_no": last_error, "text": lines[last_error - 1]}},
    )
    return EvidenceBundle(context=FailureContext(key=TaskKey(task_id="t")), evidence=[evidence])


def test_the_block_starts_at_the_final_error_group_not_at_earlier_warnings() -> None:
    lines = [
        line("WARNING", "Connection refused (host=db port=5432), retrying in 2s"),
        line("INFO", "Fetched 0 rows from staging.daily_sales"),
        line("ERROR", "Task failed with exception"),
        "Traceback (most recent call last):",
        '  File "/opt/airflow/dags/sales.py", line 57, in average',
        "    return total / count",
        "ZeroDivisionError: division by zero",
    ]
    [block] = terminal_blocks(bundle_of(lines, last_error=7))
    assert [ln.line_no for ln in block.lines] == [3, 4, 5, 6, 7]
    assert [ln.line_no for ln in block.before] == [1, 2]
    assert block.anchor == LogLine("E1", 7, lines[6])


TASK_ERROR = [
    line("ERROR", "Task failed with exception", "taskinstance.py:3311"),
    "Traceback (most recent call last):",
    '  File "/opt/airflow/dags/sales.py", line 41, in load',
    "ValueError: could not convert string to float: 'N/A'",
]
MARKED = line("INFO", "Marking task as FAILED. dag_id=sales, task_id=load", "taskinstance.py:1225")
MARKED_RETRY = line(
    "INFO", "Marking task as UP_FOR_RETRY. dag_id=sales, task_id=load", "taskinstance.py:1225"
)
EMAIL_ALERT = [
    line("ERROR", "Failed to send email to: ['oncall@example.com']", "taskinstance.py:1497"),
    "Traceback (most recent call last):",
    '  File "/usr/local/lib/python3.11/socket.py", line 851, in create_connection',
    "ConnectionRefusedError: [Errno 111] Connection refused",
]
CALLBACK = [
    line("ERROR", "Error when executing notify_slack callback", "taskinstance.py:1210"),
    "Traceback (most recent call last):",
    '  File "/opt/airflow/dags/sales.py", line 12, in notify_slack',
    "KeyError: 'slack_webhook'",
]


@pytest.mark.parametrize(
    ("lines", "anchor", "aftermath"),
    [
        # Airflow 2's email alert after the failure: the task's own error is what it died of.
        ([*TASK_ERROR, MARKED, *EMAIL_ALERT], 4, 5),
        # A failure callback's own error, then the alert's: both are the aftermath.
        ([*TASK_ERROR, MARKED, *CALLBACK, *EMAIL_ALERT], 4, 5),
        # A new attempt after the first one was marked: its error is its own, not an aftermath.
        (
            [
                *TASK_ERROR,
                MARKED,
                line("INFO", "Starting attempt 2 of 2", "taskinstance.py:2170"),
                *CALLBACK[1:],
            ],
            9,
            None,
        ),
        # The alert of an attempt that failed before any error of its own: nothing of the earlier
        # attempt is taken for it.
        (
            [
                *TASK_ERROR,
                MARKED,
                line("INFO", "Starting attempt 2 of 2", "taskinstance.py:2170"),
                *EMAIL_ALERT,
            ],
            10,
            None,
        ),
        # Nothing before the alert's error to fall back on: it stays the anchor.
        ([MARKED, *EMAIL_ALERT], 5, None),
        # An excerpt that cut the next attempt's first lines: its own failure record after the mark
        # says it is a new attempt's error, not the first attempt's aftermath.
        ([*TASK_ERROR, MARKED_RETRY, *TASK_ERROR[:-1], "KeyError: 'customer_id'"], 9, None),
    ],
)
def test_the_failures_aftermath_is_not_the_error_the_task_died_of(
    lines: list[str], anchor: int, aftermath: int | None
) -> None:
    [block] = terminal_blocks(bundle_of(lines, last_error=len(lines)))
    assert block.anchor is not None and block.anchor.line_no == anchor
    assert (block.aftermath.line_no if block.aftermath else None) == aftermath
    if aftermath is not None:
        assert block.lines[-1].line_no < aftermath


A2 = "[2026-12-06, 13:19:46 UTC] {{{where}}} {level} - {text}"


def a2(level: str, text: str, where: str = "taskinstance.py:2905") -> str:
    return A2.format(where=where, level=level, text=text)


SUBMIT_FAILED = "airflow.exceptions.AirflowException: Cannot execute: spark-submit job.py. Error code is: 1."
EPILOGUE = [
    a2("INFO", "Marking task as FAILED. dag_id=d, task_id=t, run_id=r", "taskinstance.py:1206"),
    a2(
        "ERROR",
        "Failed to execute job 4242 for task t (Cannot execute: spark-submit; 871)",
        "standard_task_runner.py:110",
    ),
    a2("INFO", "Task exited with return code 1", "local_task_job_runner.py:240"),
]
RAISED = [
    a2("ERROR", "Task failed with exception"),
    "Traceback (most recent call last):",
    '  File "/opt/airflow/providers/apache/spark/hooks/spark_submit.py", line 452, in submit',
    "    raise AirflowException(",
    SUBMIT_FAILED,
]


def relayed(text: str) -> str:
    return a2("INFO", text, "spark_submit.py:521")


@pytest.mark.parametrize(
    ("lines", "anchor", "first"),
    [
        # Airflow 2's "Failed to execute job" summary: the traceback before it is the error.
        pytest.param([a2("INFO", "start"), *RAISED, *EPILOGUE], 6, 2, id="epilogue-after-traceback"),
        # A child's output relayed just before the report of its exit belongs to the block.
        pytest.param(
            [
                a2("INFO", "Executing <Task(SparkSubmitOperator): count_orders>", "taskinstance.py:2631"),
                relayed("py4j.protocol.Py4JJavaError: An error occurred while calling o35.count."),
                relayed(": org.apache.spark.SparkException: [FAILED_READ_FILE.NO_HINT] SQLSTATE: KD001"),
                relayed("Caused by: java.io.EOFException: Unexpected end of input stream"),
                *RAISED,
                *EPILOGUE,
            ],
            9,
            2,
            id="relayed-child-output",
        ),
        # Distractor: the task's own INFO chatter before the error is not relayed output.
        pytest.param(
            [a2("INFO", "LRU cache full: 3 entries evicted", "cache.py:10"), *RAISED, *EPILOGUE],
            6,
            2,
            id="chatter-is-not-relayed",
        ),
        # Distractor: a "Failed to execute job" line alone (nothing before it) stays the anchor.
        pytest.param([a2("INFO", "start"), EPILOGUE[1]], 2, 2, id="epilogue-alone"),
        # yarn logs: an executor's container, stopped when the application ended, after the driver's.
        pytest.param(
            [
                "26/12/06 13:19:44 ERROR TaskSetManager: Task 0 in stage 1.0 failed 1 times; aborting job",
                "py4j.protocol.Py4JJavaError: An error occurred while calling o35.count.",
                "End of LogType:stderr",
                "Container: container_1796563170000_0042_01_000002 on ip-10-0-0-7.ec2.internal_8041",
                "26/12/06 13:19:45 ERROR CoarseGrainedExecutorBackend: RECEIVED SIGNAL TERM",
                "26/12/06 13:19:45 INFO ShutdownHookManager: Shutdown hook called",
            ],
            2,
            1,
            id="spark-stop-signal-after-driver-error",
        ),
        # Distractor: a stop signal with no error before it is all there is: it stays the anchor.
        pytest.param(
            [
                "26/12/06 13:19:41 INFO Executor: Starting executor ID 1",
                "26/12/06 13:19:45 ERROR CoarseGrainedExecutorBackend: RECEIVED SIGNAL TERM",
            ],
            2,
            2,
            id="stop-signal-alone",
        ),
        # Distractor: Airflow's own SIGTERM line is the task being killed, not a wind-down notice.
        pytest.param(
            [
                a2("ERROR", "Task failed with exception"),
                "ValueError: bad row",
                a2("ERROR", "Received SIGTERM. Terminating subprocesses.", "taskinstance.py:3095"),
            ],
            3,
            1,
            id="airflow-sigterm-is-not-wind-down",
        ),
        # Distractor: the words inside a message, not the runner's line shape, do not move the anchor.
        pytest.param(
            [a2("ERROR", "Task failed with exception"), "ValueError: Failed to execute job step two"],
            1,
            1,
            id="words-not-epilogue",
        ),
    ],
)
def test_the_block_skips_the_runners_epilogue_and_keeps_the_childs_last_lines(
    lines: list[str], anchor: int, first: int
) -> None:
    """The anchor is the task's own error line, not the runner's summary; relayed output is kept.

    The block ends where the wind-down starts (the failure's aftermath), else at the log's end.
    """
    last_error = max(i for i, text in enumerate(lines, 1) if level_of(text) == "ERROR")
    [block] = terminal_blocks(bundle_of(lines, last_error=last_error))
    assert block.anchor is not None and block.anchor.line_no == anchor
    assert block.lines[0].line_no == first
    end = block.aftermath.line_no - 1 if block.aftermath is not None else len(lines)
    assert block.lines[-1].line_no == end


def test_relayed_lines_kept_are_bounded() -> None:
    lines = [relayed(f"line {i}") for i in range(200)] + RAISED
    [block] = terminal_blocks(bundle_of(lines, last_error=201))
    assert block.lines[0].line_no == 201 - RELAYED_LINES
    assert len(block.before) > 0


@pytest.mark.parametrize(
    ("lines", "mark"),
    [
        # One attempt, its error, Airflow's mark and alert after it: no earlier attempt.
        ([line("INFO", "Executing <Task(PythonOperator): load>"), *TASK_ERROR, MARKED, *EMAIL_ALERT], None),
        # The first attempt marked for retry, then the second's error: the mark ends the first.
        ([*TASK_ERROR, MARKED_RETRY, line("INFO", "Starting attempt 2 of 2"), *TASK_ERROR], 5),
        ([*TASK_ERROR, MARKED_RETRY, *TASK_ERROR], 5),
    ],
)
def test_an_earlier_attempt_is_marked_off(lines: list[str], mark: int | None) -> None:
    [block] = terminal_blocks(bundle_of(lines, last_error=len(lines)))
    assert (block.earlier_attempt.line_no if block.earlier_attempt else None) == mark


@pytest.mark.parametrize(
    ("before", "name", "kind"),
    [
        ("Fetched 0 rows from staging.daily_sales", "", "empty"),
        ("Downloaded export orders.csv (header only)", "", None),
        ("Downloaded an empty file orders.csv", "", "empty"),
        ("Columns in extract: order_id, cust_id, amount", "customer_id", "columns"),
        ("Columns in extract: order_id, customer_id, amount", "customer_id", None),
        ('Did you mean "email_address"?', "email", "suggestion"),
        ('Did you mean "customers"?', "customers__dbt_tmp", None),
        # Trino suggesting another statement, not a column: no rename (public batch 28b).
        ("a view with that name exists. Did you mean DROP VIEW orders?", "", None),
        ("12 null values in column amount", "", "nulls"),
        ("Found 3 duplicate keys in orders", "", "duplicates"),
        ("Loaded 48213 rows", "", None),
        ("Processed 10 rows; 0 errors", "", None),
    ],
)
def test_input_context(before: str, name: str, kind: str | None) -> None:
    lines = [line("INFO", before), line("ERROR", "Task failed"), "KeyError: 'x'"]
    [block] = terminal_blocks(bundle_of(lines, last_error=3))
    found = input_context(block, name)
    assert (found.kind if found else None) == kind


def numbered(lines: list[str]) -> list[LogLine]:
    return [LogLine("E1", n, text) for n, text in enumerate(lines, start=1)]


POD = "[2025-06-01 10:00:00,000] {{pod_manager.py:471}} INFO - b'{chunk}\\n'"

READ_CASES = [
    # (id, lines, index of the marked line, line read (1-based), message)
    (
        "a_plain_error_line_is_its_own_message",
        [line("INFO", "start"), line("ERROR", "ValueError: bad month '13'")],
        1,
        2,
        "ValueError: bad month '13'",
    ),
    (
        "a_relayed_traceback_is_read_to_its_exception_line_past_311_markers",
        [
            POD.format(chunk="Traceback (most recent call last):"),
            POD.format(chunk='  File "/app/job.py", line 12, in <module>'),
            POD.format(chunk="    total = rows[0].amount / count"),
            POD.format(chunk="            ~~~~~~~~~~~~~~~^~~~~~~"),
            POD.format(chunk="ZeroDivisionError: division by zero"),
        ],
        0,
        5,
        "ZeroDivisionError: division by zero",
    ),
    (
        "the_operator_s_own_lines_inside_a_relayed_traceback_are_skipped",
        [
            POD.format(chunk="Traceback (most recent call last):"),
            POD.format(chunk='  File "/app/job.py", line 12, in <module>'),
            "[2025-06-01 10:00:01,000] {kubernetes_pod.py:600} INFO - Pod etl-7 has phase Running",
            POD.format(chunk="    main()"),
            POD.format(chunk="PermissionError: [Errno 13] Permission denied: '/data/out.csv'"),
        ],
        0,
        5,
        "PermissionError: [Errno 13] Permission denied: '/data/out.csv'",
    ),
    (
        "a_frame_without_source_is_followed_directly_by_the_exception",
        [
            "Traceback (most recent call last):",
            '  File "<frozen runpy>", line 198, in _run_module_as_main',
            "OSError: [Errno 28] No space left on device: '/tmp/spill'",
        ],
        0,
        3,
        "OSError: [Errno 28] No space left on device: '/tmp/spill'",
    ),
    (
        "a_traceback_cut_short_with_nothing_said_before_keeps_its_header",
        [
            POD.format(chunk="Loading 3 files"),
            POD.format(chunk="Traceback (most recent call last):"),
            POD.format(chunk='  File "/app/job.py", line 12, in <module>'),
        ],
        1,
        2,
        "Traceback (most recent call last):",
    ),
    (
        "an_error_block_is_read_with_the_indented_lines_under_it",
        [
            "Compilation Error",
            '  dbt found two seeds with the name "countries".',
            "  ",
            "  Since these resources have the same name, dbt cannot tell them apart.",
            "Done.",
        ],
        0,
        1,
        'Compilation Error dbt found two seeds with the name "countries". Since these resources have the '
        "same name, dbt cannot tell them apart.",
    ),
    (
        "a_dbt_error_header_under_its_time_prefix",
        [
            "07:15:02  Database Error in model stg_payments (models/staging/stg_payments.sql)",
            '07:15:02    column "amount_cents" does not exist',
            "07:15:02  ",
            "07:15:02  Done. PASS=3 WARN=0 ERROR=1 SKIP=0 TOTAL=4",
        ],
        0,
        1,
        'Database Error in model stg_payments (models/staging/stg_payments.sql) column "amount_cents" does '
        "not exist",
    ),
    (
        "jvm_frames_under_an_exception_are_not_its_message",
        [
            "java.lang.IllegalStateException: SparkContext has been shutdown",
            "\tat org.apache.spark.SparkContext.runJob(SparkContext.scala:2323)",
            "\t... 12 more",
        ],
        0,
        1,
        "java.lang.IllegalStateException: SparkContext has been shutdown",
    ),
    (
        "a_header_is_not_joined_with_chatter_after_it",
        [
            line("ERROR", "The following tasks failed:"),
            line("INFO", "Marking task as FAILED. dag_id=sales, task_id=load"),
        ],
        0,
        1,
        "The following tasks failed:",
    ),
    (
        "a_prefixed_line_after_a_bare_one_is_a_new_record_not_more_of_its_message",
        [
            "290400: Failed to fetch result batch, cause: the value is not a valid month",
            "02:47:03  Encountered an error:",
        ],
        0,
        1,
        "290400: Failed to fetch result batch, cause: the value is not a valid month",
    ),
    (
        "a_bullet_list_under_a_bare_error_still_continues_it",
        [
            "ValueError: the config is invalid, 2 problems",
            "  - 'schedule' is required",
            "  - 'owner' must be a string",
        ],
        0,
        1,
        "ValueError: the config is invalid, 2 problems 'schedule' is required 'owner' must be a string",
    ),
    (
        "a_timestamp_the_bare_error_quotes_on_an_indented_line_still_continues_it",
        [
            "ValueError: row out of range for its partition",
            "  2026-12-01 00:00:00 is after the partition's end",
        ],
        0,
        1,
        "ValueError: row out of range for its partition is after the partition's end",
    ),
    (
        "a_message_ending_in_the_error_s_position_is_read_with_the_line_that_says_what_it_is",
        [
            "12:37:34    000904 (42000): SQL compilation error: error line 24 at position 8",
            "12:37:34    invalid identifier 'CUSTOMERS.FIRST_NAME'",
            "12:37:34    compiled SQL at target/run/shop/models/contacts.sql",
        ],
        0,
        2,
        "000904 (42000): SQL compilation error: error line 24 at position 8 invalid identifier "
        "'CUSTOMERS.FIRST_NAME'",
    ),
    (
        "the_line_under_a_position_only_message_is_not_taken_when_it_is_no_message",
        [
            "12:37:34    000904 (42000): SQL compilation error: error line 24 at position 8",
            "12:37:34    compiled code at target/run/shop/models/contacts.sql",
        ],
        0,
        1,
        "000904 (42000): SQL compilation error: error line 24 at position 8",
    ),
    (
        "a_traceback_under_a_position_only_message_is_not_its_message",
        [
            "ERROR - 000904 (42000): SQL compilation error: error line 1 at position 7",
            "Traceback (most recent call last):",
            '  File "/opt/airflow/dags/load.py", line 12, in load',
        ],
        0,
        1,
        "000904 (42000): SQL compilation error: error line 1 at position 7",
    ),
    (
        "a_position_inside_a_message_that_goes_on_announces_nothing",
        [
            "12:37:34    001003 (42000): SQL compilation error: syntax error line 1 at position 7 "
            "unexpected 'x'.",
            "12:37:34    compiled SQL at target/run/shop/models/contacts.sql",
        ],
        0,
        1,
        "001003 (42000): SQL compilation error: syntax error line 1 at position 7 unexpected 'x'.",
    ),
    (
        "the_printed_error_is_not_taken_from_the_task_s_own_chatter",
        [
            line("INFO", "Retry error budget: 3"),
            POD.format(chunk="Traceback (most recent call last):"),
        ],
        1,
        2,
        "Traceback (most recent call last):",
    ),
]


@pytest.mark.parametrize(
    ("lines", "at", "read_no", "message"), [c[1:] for c in READ_CASES], ids=[c[0] for c in READ_CASES]
)
def test_read_error(lines: list[str], at: int, read_no: int, message: str) -> None:
    read, said = read_error(numbered(lines), at)
    assert (read.line_no, said) == (read_no, message)


DBT_FAILURES = [
    "08:00:01  Failure in test not_null_orders_customer_id (models/schema.yml)",
    "08:00:01    Got 12 results, configured to fail if != 0",
    "08:00:01  ",
    "08:00:01  Database Error in model fct_revenue (models/marts/fct_revenue.sql)",
    "08:00:01    division by zero",
    "08:00:01  ",
    "08:00:01  Done. PASS=40 WARN=1 ERROR=1 SKIP=0 TOTAL=42",
]


@pytest.mark.parametrize(
    ("at", "node"),
    [
        (2, "test not_null_orders_customer_id (models/schema.yml)"),
        (5, "model fct_revenue (models/marts/fct_revenue.sql)"),
        (None, "model fct_revenue (models/marts/fct_revenue.sql)"),
    ],
)
def test_failing_node_is_the_header_of_the_failure_the_line_belongs_to(at: int | None, node: str) -> None:
    [block] = terminal_blocks(bundle_of(DBT_FAILURES, last_error=1))
    assert failing_node(block, LogLine("E1", at, DBT_FAILURES[at - 1]) if at else None) == node


def test_a_warning_names_no_failing_node() -> None:
    lines = ["08:00:01  Warning in test accepted_values_orders_status (models/schema.yml)", "08:00:01  Done."]
    [block] = terminal_blocks(bundle_of(lines, last_error=1))
    assert failing_node(block) == ""


RAISED_CASES = [
    # (id, lines, index of the exception line, where it was raised)
    (
        "frame_then_source_then_311_markers",
        [
            "Traceback (most recent call last):",
            '  File "/opt/airflow/dags/sales/aggregate.py", line 57, in average',
            "    return total / count",
            "           ~~~~~~^~~~~~",
            "ZeroDivisionError: division by zero",
        ],
        4,
        "sales/aggregate.py:57 in average (return total / count)",
    ),
    (
        "a_flattened_traceback_with_the_source_on_the_frame_s_line",
        [
            '" File "/jobs/etl.py", line 12, in main run() ",',
            '" File "/jobs/etl.py", line 40, in bounds start = rows.first().id ",',
            "\"AttributeError: 'NoneType' object has no attribute 'id' \"",
        ],
        2,
        "jobs/etl.py:40 in bounds (start = rows.first().id)",
    ),
    (
        "a_relayed_frame_without_source",
        [
            POD.format(chunk='  File "<frozen runpy>", line 88, in _run_code'),
            POD.format(chunk="SystemExit: 2"),
        ],
        1,
        "<frozen runpy>:88 in _run_code",
    ),
    ("no_traceback_above", [line("INFO", "start"), line("ERROR", "ValueError: bad month '13'")], 1, ""),
    (
        "a_frame_too_far_above_is_another_story",
        [
            '  File "/app/a.py", line 3, in f',
            line("INFO", "retrying"),
            line("INFO", "retrying"),
            line("INFO", "retrying"),
            line("INFO", "retrying"),
            line("ERROR", "TimeoutError: gave up"),
        ],
        5,
        "",
    ),
]


@pytest.mark.parametrize(
    ("lines", "at", "where"), [c[1:] for c in RAISED_CASES], ids=[c[0] for c in RAISED_CASES]
)
def test_raised_at(lines: list[str], at: int, where: str) -> None:
    assert raised_at(numbered(lines), at) == where


CLOSING_CASES = [
    # (id, lines, line cited, message)
    (
        "a_wrapped_error_a_pod_printed_last",
        [
            POD.format(chunk="Running query 3 of 3"),
            POD.format(chunk="Upload error in load operation: table"),
            POD.format(chunk="acme:raw.events is protected by a retention"),
            POD.format(chunk="policy"),
        ],
        2,
        "Upload error in load operation: table acme:raw.events is protected by a retention policy",
    ),
    (
        "relayed_lines_without_an_error_word_give_the_last_line",
        [POD.format(chunk="Running query 3 of 3"), POD.format(chunk="rows written: 0")],
        2,
        "rows written: 0",
    ),
    (
        "the_task_s_own_chatter_is_not_joined_to_the_pod_s_output",
        [line("INFO", "Task exited with an error code"), POD.format(chunk="bye")],
        2,
        "bye",
    ),
    (
        "a_tool_s_last_lines_from_the_one_that_says_error",
        ["dbt compile", "Encountered an error:", "default"],
        2,
        "Encountered an error: default",
    ),
    ("a_plain_last_line", ["Starting", "Finished 3 of 4 chunks"], 2, "Finished 3 of 4 chunks"),
]


@pytest.mark.parametrize(
    ("lines", "cited", "message"), [c[1:] for c in CLOSING_CASES], ids=[c[0] for c in CLOSING_CASES]
)
def test_closing_message(lines: list[str], cited: int, message: str) -> None:
    assert closing_message(numbered(lines)) == (numbered(lines)[cited - 1], message)


def test_an_empty_log_has_no_closing_message() -> None:
    assert closing_message([]) is None


@pytest.mark.parametrize(
    ("message", "reported"),
    [
        ("error: dbt9002: the project file is missing", True),
        ("fatal: not a git repository (or any of the parent directories): .git", True),
        ("Job failed.", True),
        ("Runtime Error in model orders (models/orders.sql)", True),
        ("252005: Failed to convert current row, cause: ordinal must be >= 1", True),
        ("002003 (42S02): SQL compilation error: Object 'ORDERS' does not exist", True),
        ("ORA-00942: table or view does not exist", True),
        ("2 records failed validation", False),
        ("errors: none", False),
        ("12:00:01 rows loaded", False),
        ("2026: a year of orders", False),
        ("1024: 17 rows", False),
        ("250001: Could not connect to Snowflake backend after 0 attempt(s).", True),
        ("1146 (42S02): Table 'shop.orders' doesn't exist", True),
        ("PLS-00201: identifier 'LOAD_ORDERS' must be declared", True),
        # a ticket, a time zone, a process id, a time of day or a counter before a colon (review probes)
        ("DATA-1234: syncing 400 rows for customer acme", False),
        ("UTC-0500: offset applied to timestamps", False),
        ("12345: Wrote part-0001 to gs://bucket/orders", False),
        ("194502: Wrote part-0001 to gs://bucket/orders", False),
        ("100000: Processed batch 12", False),
    ],
)
def test_states_failure(message: str, reported: bool) -> None:
    assert states_failure(message) is reported
