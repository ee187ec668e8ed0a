"""The message an error line carries: log prefixes, relay wrapping and class paths dropped, tail kept."""

from __future__ import annotations

import time

import pytest

from airflow_pipeline_debugger.heuristics.message import (
    HEAD_CHARS,
    TAIL_CHARS,
    error_message,
    is_exception_line,
    payload,
    quote_error,
    rendered_where,
    shorten_middle,
)

#: An Airflow 3 JSON task log line as the log scanner renders it (event, logger, fields, error).
A3_FIELDS = (
    "[task] run_id=manual__2026-12-02T01:10:42.505011+00:00 task_id=read_landing dag_id=landing "
    "try_number=1 ti_id=01a2344d-c947-7be8-8cea-011f3f2127c8 map_index=-1"
)

CASES = [
    # (id, raw log line, exception short name, message)
    (
        "airflow3_rendered_error_is_its_structured_exception_without_fields_or_frame",
        "2026-12-02T01:11:07.512224Z ERROR Task failed with exception "
        + A3_FIELDS
        + " | FileNotFoundError: [Errno 2] No such file or directory: '/data/landing/2026-01-01.csv' at "
        "dags/landing.py:73 in read_landing (surfaced in /usr/lib/python3.11/pathlib.py:1044 in open)",
        "FileNotFoundError",
        "[Errno 2] No such file or directory: '/data/landing/2026-01-01.csv'",
    ),
    (
        "airflow3_rendered_error_with_a_cause_is_the_last_raised",
        "2026-12-02T01:11:07Z ERROR Task failed with exception "
        + A3_FIELDS
        + " | KeyError: 'customer_id' at dags/orders.py:41 in load"
        " <- ValueError: bad row at dags/orders.py:30 in parse",
        "KeyError",
        "'customer_id'",
    ),
    (
        "airflow3_rendered_relayed_line_drops_its_logger_and_fields",
        "2026-12-06T13:50:56Z INFO cat: /opt/data/export.csv: No such file or directory "
        "[airflow.task.hooks.airflow.providers.standard.hooks.subprocess.SubprocessHook] dag_id=x task_id=y",
        "",
        "cat: /opt/data/export.csv: No such file or directory",
    ),
    (
        # A bracketed word that is no logger stays part of the message.
        "a_bracketed_status_word_is_not_a_logger",
        "[2021-02-09 21:53:13,414] {taskinstance.py:1396} ERROR - Unable to parse string [failed]",
        "",
        "Unable to parse string [failed]",
    ),
    (
        "dbt_log_file_thread_name_cut_at_ten_characters",
        "10:38:59.228408 [debug] [Thread-1 (]: Runtime Error in model basic (models/basic.py)",
        "",
        "Runtime Error in model basic (models/basic.py)",
    ),
    (
        "dbt_log_file_thread_name_padded_to_ten_characters",
        "10:38:59.228408 [debug] [Thread-10 ]: Runtime Error in model basic (models/basic.py)",
        "",
        "Runtime Error in model basic (models/basic.py)",
    ),
    (
        "dbt_log_file_short_thread_name_padded",
        "10:38:59.228408 [error] [Thread-1  ]: Database Error in model basic (models/basic.py)",
        "",
        "Database Error in model basic (models/basic.py)",
    ),
    (
        "dbt_log_file_main_thread",
        "13:36:43.304514 [error] [MainThread]: Completed with 1 error and 0 warnings:",
        "",
        "Completed with 1 error and 0 warnings:",
    ),
    (
        "airflow_2_bracketed_timestamp_source_and_level",
        "[2025-03-02 04:10:11,512] {taskinstance.py:1937} ERROR - ValueError: unknown region 'eu-north-9'",
        "ValueError",
        "unknown region 'eu-north-9'",
    ),
    (
        "airflow_3_iso_timestamp_with_offset",
        "[2026-12-01T02:47:02.000+0000] {task.py:10} ERROR - psycopg2.errors.UndefinedTable: relation "
        '"mart.orders_daily" does not exist',
        "UndefinedTable",
        'relation "mart.orders_daily" does not exist',
    ),
    (
        "airflow_3_text_renderer_level_in_brackets",
        "2026-01-05T09:00:01.123456Z [error    ] KeyError: 'invoice_id'",
        "KeyError",
        "'invoice_id'",
    ),
    (
        "python_basic_format_drops_the_logger",
        "ERROR:airflow.task:Snowflake warehouse ETL_WH is suspended",
        "",
        "Snowflake warehouse ETL_WH is suspended",
    ),
    (
        "log4j_keeps_the_component_without_its_package",
        "25/02/11 08:12:44 ERROR org.apache.spark.SparkContext: Error initializing SparkContext.",
        "",
        "SparkContext: Error initializing SparkContext.",
    ),
    (
        "spark_lost_task_wrapper_and_class_path",
        "11:02:03.004 WARN org.apache.spark.scheduler.TaskSetManager: Lost task 3.0 in stage 7.0 (TID 88) "
        "(10.0.0.12 executor 2): org.apache.spark.sql.execution.QueryExecutionException: Parquet column "
        "cannot be converted in file s3://lake/sales/part-0.parquet. Column: [order_total], Expected: "
        "double, Found: BINARY",
        "QueryExecutionException",
        "Parquet column cannot be converted in file s3://lake/sales/part-0.parquet. Column: [order_total], "
        "Expected: double, Found: BINARY",
    ),
    (
        "spark_job_aborted_keeps_the_innermost_task_failure",
        "org.apache.spark.SparkException: Job aborted due to stage failure: Task 4 in stage 2.0 failed 4 "
        "times, most recent failure: Lost task 4.3 in stage 2.0 (TID 31, worker-7, executor 3): "
        "java.io.FileNotFoundException: No such file or directory: s3a://raw/events/dt=2026-01-01",
        "FileNotFoundException",
        "No such file or directory: s3a://raw/events/dt=2026-01-01",
    ),
    (
        "dbt_time_of_day_prefix",
        '16:20:05    invalid input syntax for type integer: "n/a"',
        "",
        'invalid input syntax for type integer: "n/a"',
    ),
    (
        "pod_output_relayed_as_a_byte_string",
        "[2025-06-01 10:00:00,000] {pod_manager.py:471} INFO - b'google.api_core.exceptions.NotFound: "
        "404 Not found: Table proj:ds.events_v2\\n'",
        "NotFound",
        "404 Not found: Table proj:ds.events_v2",
    ),
    (
        "relayed_line_with_its_own_log_prefix",
        '[2025-06-01 10:00:00,000] {pod_manager.py:471} INFO - b"2025-06-01 10:00:00,000 ERROR - '
        "RuntimeError: quota 'CPUS' exceeded\\n\"",
        "RuntimeError",
        "quota 'CPUS' exceeded",
    ),
    (
        "caused_by_chain_keeps_the_innermost",
        "java.sql.SQLException: Cannot create PoolableConnectionFactory Caused by: "
        "java.net.UnknownHostException: warehouse.internal.example",
        "UnknownHostException",
        "warehouse.internal.example",
    ),
    (
        "airflow_3_structured_error_detail",
        'ERROR - Task failed with exception source="task" error_detail=[{"exc_type":"ApiException",'
        '"exc_value":"(409)\\nReason: Conflict\\nbody: pods \\"etl-7\\" already exists"',
        "ApiException",
        '(409) Reason: Conflict body: pods "etl-7" already exists',
    ),
    (
        "message_logged_as_a_repr",
        "\"TypeError: unsupported operand type(s) for +: 'int' and 'NoneType'\"",
        "TypeError",
        "unsupported operand type(s) for +: 'int' and 'NoneType'",
    ),
    (
        "ansi_colour_codes",
        "\x1b[0m12:00:01  \x1b[31mDatabase Error in model stg_orders (models/stg_orders.sql)\x1b[0m",
        "",
        "Database Error in model stg_orders (models/stg_orders.sql)",
    ),
    # Distractors: what is not a prefix or a class stays in the message.
    (
        "postgres_fatal_is_the_message_not_a_level",
        'FATAL: password authentication failed for user "loader"',
        "",
        'FATAL: password authentication failed for user "loader"',
    ),
    (
        "a_word_with_a_colon_without_a_timestamp_is_not_a_logger",
        "ERROR Snowflake: Warehouse 'ETL_WH' cannot be resumed",
        "",
        "Snowflake: Warehouse 'ETL_WH' cannot be resumed",
    ),
    (
        "an_exception_word_mid_sentence_is_not_a_class",
        "Exception in WAL playback: Catalog Error: Table with name orders does not exist!",
        "",
        "Exception in WAL playback: Catalog Error: Table with name orders does not exist!",
    ),
    (
        "a_bare_exception_name",
        "StopIteration",
        "",
        "StopIteration",
    ),
    (
        "a_bare_error_class",
        "MemoryError",
        "MemoryError",
        "",
    ),
]


@pytest.mark.parametrize(("raw", "exception", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_error_message(raw: str, exception: str, message: str) -> None:
    said = error_message(raw)
    assert (said.exception, said.message) == (exception, message)


def test_the_quote_joins_the_short_name_and_the_message() -> None:
    raw = "[2025-03-02 04:10:11,512] {taskinstance.py:1937} ERROR - botocore.exceptions.ClientError: Denied"
    assert quote_error(raw) == "ClientError: Denied"


def test_a_long_message_is_cut_in_the_middle_keeping_its_identifiers() -> None:
    raw = (
        "ERROR - ValueError: the load failed because "
        + "the staging area reported a mismatch " * 30
        + "in column order_total of table mart.sales_daily"
    )
    quoted = quote_error(raw, 160)
    assert len(quoted) <= 160
    assert quoted.startswith("ValueError: the load failed")
    assert quoted.endswith("in column order_total of table mart.sales_daily")
    assert " … " in quoted


@pytest.mark.parametrize("limit", [1, 5, 20, 80, 400])
def test_shorten_middle_never_exceeds_its_limit(limit: int) -> None:
    text = " ".join(f"word{i}" for i in range(500))
    cut = shorten_middle(text, limit)
    assert len(cut) <= limit
    assert shorten_middle("short text", limit + 10) == "short text"


def test_shorten_middle_cuts_inside_a_word_when_there_is_no_space_near() -> None:
    cut = shorten_middle("x" * 1000, 100)
    assert len(cut) <= 100
    assert cut.startswith("x") and cut.endswith("x")


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("worker_1     | ValueError: invalid literal", "ValueError: invalid literal"),
        (
            "dependencies    |       at org.apache.spark.SparkEnv$.create(SparkEnv.scala:354)",
            "at org.apache.spark.SparkEnv$.create(SparkEnv.scala:354)",
        ),
        ("| order_id | amount |", "| order_id | amount |"),
        (
            "[2021-09-07 16:28:32,919: ERROR/MainProcess] Process 'ForkPoolWorker-2' exited",
            "Process 'ForkPoolWorker-2' exited",
        ),
        (
            'local-runner_1  |   File "/usr/local/bin/airflow", line 5',
            'File "/usr/local/bin/airflow", line 5',
        ),
        (
            "airflow-worker-1  | [2026-12-01T02:47:01.000+0000] {taskinstance.py:1150} ERROR - Task failed",
            "Task failed",
        ),
        # Airflow 2's task log (its UI's date format, a comma after the date)
        (
            "[2022-02-24, 06:16:47 UTC] {xcom.py:333} ERROR - Could not serialize the XCom value into JSON.",
            "Could not serialize the XCom value into JSON.",
        ),
        ("[2023-01-31, 05:13:37 IST] {compute_ssh.py:258} INFO - Failed to connect.", "Failed to connect."),
        # a list with a comma before a time is not a timestamp
        ("checked 2024-01-15, 10:00 ok", "checked 2024-01-15, 10:00 ok"),
        # a table's cells, text with a pipe, a pipe after a level: not a service column (review probes)
        ("order_id | amount", "order_id | amount"),
        ("        1 |   10.0", "1 |   10.0"),
        ("status | FAILED", "status | FAILED"),
        ("echo | grep x", "echo | grep x"),
        ("INFO orders | 12 rows", "orders | 12 rows"),
    ],
)
def test_payload_drops_docker_compose_s_and_celery_s_columns(raw: str, said: str) -> None:
    assert payload(raw) == said


def test_hadoop_s_remote_wrapper_gives_the_servers_exception() -> None:
    said = error_message(
        "org.apache.hadoop.ipc.RemoteException(org.apache.hadoop.hdfs.server.namenode.SafeModeException): "
        "Cannot renew lease. Name node is in safe mode."
    )
    assert (said.exception, said.message) == (
        "SafeModeException",
        "Cannot renew lease. Name node is in safe mode.",
    )


def test_payload_keeps_a_relayed_frame_and_drops_the_wrapping() -> None:
    raw = "[2025-06-01 10:00:00,000] {pod.py:4} INFO - b'  File \"/app/run.py\", line 7, in <module>\\n'"
    assert payload(raw) == 'File "/app/run.py", line 7, in <module>'


@pytest.mark.parametrize(
    ("text", "shaped"),
    [
        ("ValueError: bad", True),
        ("google.api_core.exceptions.Forbidden: 403 denied", True),
        ("KeyboardInterrupt", True),
        ("return total / count", False),
        ("Errors were found: 3", False),
        ("ServiceUnavailable: 503", False),
    ],
)
def test_is_exception_line(text: str, shaped: bool) -> None:
    assert is_exception_line(text) is shaped


# --------------------------------------------------------------------------- hostile input


def _timed(raw: str) -> float:
    """Seconds to read ``raw`` 20 times (the fastest of three runs), long enough to compare."""
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(20):
            error_message(raw).quote()
        runs.append(time.perf_counter() - started)
    return min(runs)


def _against_its_head(raw: str) -> float:
    """How much longer the whole of ``raw`` takes than the part of it that is read (a ratio, same run).

    Every line is cut to its first ``HEAD_CHARS`` and last ``TAIL_CHARS`` characters before any
    pattern runs, so a line of any length costs what that much of it costs (a ratio near 1), on any
    machine; a pattern that backtracks on what is left never returns, and the run times out.
    """
    return _timed(raw) / _timed(raw[: HEAD_CHARS + TAIL_CHARS])


def test_a_one_megabyte_line_is_read_from_its_ends() -> None:
    raw = "ERROR - RuntimeError: " + "a" * 1_000_000 + " column customer_sk"
    assert _against_its_head(raw) < 10
    said = error_message(raw)
    assert said.exception == "RuntimeError"
    assert said.message.endswith("column customer_sk")
    assert len(said.message) <= HEAD_CHARS + TAIL_CHARS + 3


@pytest.mark.parametrize(
    "raw",
    [
        "a." * 200_000 + "Error",  # a class path that never ends
        "[" * 200_000,  # an opening bracket repeated (level / timestamp alternatives)
        "Lost task 1 in stage 1 (" * 20_000,  # Spark's wrapper, never closed
        '"exc_type":"X","exc_value":"' + "\\" * 100_000,  # structured error, unterminated escape
        "b'" + "\\n" * 100_000,  # a relayed line that never closes
        "12:00:00 " * 50_000,  # prefixes repeated
        "ERROR " * 50_000,
        'E: {"message": "' + "\\a" * 100_000,  # a response body's message that never closes
        ', "message": "abcdefgh' * 20_000,
        "worker_1" + " " * 200_000,  # a compose column that never reaches its bar
        "[2021-09-07 16:28:32,919: ERROR/" + "a" * 200_000,  # Celery's prefix, never closed
        "org.apache.hadoop.ipc.RemoteException(" + "a." * 100_000,  # Hadoop's wrapper, never closed
    ],
    ids=[
        "class_path",
        "brackets",
        "lost_task",
        "error_detail",
        "relay",
        "timestamps",
        "levels",
        "body_unterminated",
        "body_repeated",
        "compose_column",
        "celery_prefix",
        "remote_wrapper",
    ],
)
def test_pathological_lines_cost_no_more_than_the_part_that_is_read(raw: str) -> None:
    assert _against_its_head(raw) < 10


def test_binary_bytes_and_markup_come_back_as_inert_text() -> None:
    raw = "ERROR - ValueError: bad row \x00\x01\x02\ufffd\x7f\x9b<script>alert(1)</script> in col_a"
    said = error_message(raw)
    assert said.exception == "ValueError"
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in said.message)
    # The extractor quotes, it does not render: escaping markup is the renderer's job (Slack, HTML).
    assert "<script>alert(1)</script>" in said.message
    assert said.message.endswith("in col_a")


def test_empty_and_blank_lines() -> None:
    assert error_message("") == error_message("   ")
    assert error_message("").quote() == ""


# --------------------------------------------------------------------------- a response body's message

K8S_HEADERS = (
    "HTTP response headers: HTTPHeaderDict({'Audit-Id': '0f3c', 'Cache-Control': 'no-cache, private', "
    "'Content-Type': 'application/json', 'Date': 'Mon, 02 Jun 2025 10:00:00 GMT', 'Content-Length': '288'})"
)
BODY_CASES = [
    # (id, raw, words the quote must keep)
    (
        "kubernetes_status_in_an_api_exception",
        "ERROR - kubernetes.client.exceptions.ApiException: (422)\\nReason: Unprocessable Entity\\n"
        + K8S_HEADERS
        + '\\nHTTP response body: {"kind":"Status","apiVersion":"v1","status":"Failure","message":"Pod '
        '\\"etl-load-3\\" is invalid: spec.containers[0].resources.requests: Invalid value: \\"8Gi\\": must '
        'be less than or equal to memory limit","reason":"Invalid","code":422}',
        ['Pod "etl-load-3" is invalid', "must be less than or equal to memory limit", "(422)"],
    ),
    (
        "google_json_error_with_a_url_at_the_end",
        "google.api_core.exceptions.Forbidden: 403 POST https://bigquery.googleapis.com/bigquery/v2/projects/"
        "acme-prod/jobs?prettyPrint=false: "
        + "x"
        * 300
        + ' {"error": {"code": 403, "message": "Access Denied: Table acme-prod:finance.ledger: User does not '
        'have permission to query table acme-prod:finance.ledger.", "status": "PERMISSION_DENIED"}}',
        ["Forbidden: Access Denied: Table acme-prod:finance.ledger", "PERMISSION_DENIED"],
    ),
    (
        "python_dict_repr",
        "RuntimeError: request failed "
        + "y" * 400
        + " {'code': 409, 'message': 'Dataset acme:staging already exists'}",
        ["Dataset acme:staging already exists"],
    ),
]


@pytest.mark.parametrize(("raw", "words"), [c[1:] for c in BODY_CASES], ids=[c[0] for c in BODY_CASES])
def test_a_long_message_leads_with_its_response_body_s_message(raw: str, words: list[str]) -> None:
    quoted = quote_error(raw, 300)
    assert len(quoted) <= 300
    for word in words:
        assert word in quoted, (word, quoted)


@pytest.mark.parametrize(
    "raw",
    [
        # Short enough to quote whole: nothing is moved.
        'ValueError: bad response {"message": "quota exceeded for project p1"}',
        # The body's message is the message's start already.
        'HttpError: {"message": "Rate limit exceeded for user u1"} ' + "z" * 600,
        # A "message" too short to be a sentence, inside a long message.
        'RuntimeError: failed {"message": "x"} ' + "w" * 600 + " at stage load_orders",
    ],
    ids=["short", "already_first", "too_short_a_body"],
)
def test_the_body_is_not_moved_when_it_adds_nothing(raw: str) -> None:
    said = error_message(raw)
    assert said.quote(300) == shorten_middle(f"{said.exception}: {said.message}", 300)


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (
            "2026-12-02T01:11:07Z ERROR Task failed with exception "
            + A3_FIELDS
            + " | FileNotFoundError: [Errno 2] No such file at /opt/airflow/dags/landing.py:73 in "
            "read_landing (surfaced in /usr/lib/python3.11/pathlib.py:1044 in open)",
            "dags/landing.py:73 in read_landing",
        ),
        ("2026-12-02T01:11:07Z ERROR Task failed with exception " + A3_FIELDS + " | KeyError: 'x'", ""),
        ("[2026-12-02 01:11:07,000] {taskinstance.py:1396} ERROR - KeyError: 'x' at dags/a.py:3 in f", ""),
    ],
)
def test_a_rendered_airflow3_error_names_where_it_was_raised(raw: str, where: str) -> None:
    assert rendered_where(raw) == where


def test_a_rendered_line_of_near_matches_is_read_in_linear_time() -> None:
    """Ten times the fields cost about ten times as long (a ratio in the same run, no time limit)."""

    def cost(n: int) -> float:
        line = "E [task] " + "k=v " * n + "| x at a:1 in " * n
        start = time.perf_counter()
        for _ in range(3):
            error_message(line)
            rendered_where(line)
        return time.perf_counter() - start

    assert cost(4000) / max(cost(400), 1e-6) < 40
