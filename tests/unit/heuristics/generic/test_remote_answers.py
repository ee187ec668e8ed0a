"""What a remote service's answer says: who answered a 5xx, a used-up quota, BigQuery's job errors.

Each case is collected like an investigation (every registered adapter scans the log) and ranked by
the real engine over every built-in rule. The lines are written here in the shapes the services and
Airflow print (Airflow 2 and 3 formats, a pod's output relayed as ``INFO - b'…'``); each family has a
distractor where the answer must not follow (the pattern in chatter, in an identifier, or a
neighbouring condition with another meaning).
"""

from __future__ import annotations

import pytest
from support.engine_answer import analyse

from airflow_pipeline_debugger.heuristics.generic.services import remote_service


def af2(level: str, text: str, where: str = "taskinstance.py:1700") -> str:
    return f"[2026-04-02 01:02:03,456] {{{where}}} {level} - {text}"


def pod(text: str) -> str:
    """A line of the pod's output as KubernetesPodOperator relays it."""
    return af2("INFO", f"b{text!r}", "pod_manager.py:437")


TRACE = ["Traceback (most recent call last):", '  File "/opt/airflow/dags/exports.py", line 30, in run']

POD_RUNNING = af2("INFO", "Event: etl-3f9a had an event of type Running", "pod_manager.py:210")
BROKEN_STREAM = "('Connection broken: IncompleteRead(0 bytes read)', IncompleteRead(0 bytes read))"

CASES = [
    # (id, log lines, rule id, category, words the root cause must name)
    (
        "google_api_503_while_a_trigger_polled",
        [
            "[2026-02-03 04:05:06] ERROR - Polling the job status failed. "
            "source=airflow.providers.google.cloud.triggers.dataproc.DataprocSubmitTrigger "
            "loc=dataproc.py:88",
            "ServiceUnavailable: 503 Visibility check was unavailable. Please retry the request.",
        ],
        "generic.server_error",
        "infra",
        ["Google Dataproc", "HTTP 503", "Polling the job status failed"],
    ),
    (
        # Airflow 3 JSON: the exception is in error_detail (class and value apart until rendered).
        "af3_error_detail_google_503",
        [
            '{"timestamp":"2026-03-01T02:10:11Z","level":"info","event":"Executing query","logger":'
            '"airflow.task.hooks.airflow.providers.google.cloud.hooks.bigquery.BigQueryHook"}',
            '{"timestamp":"2026-03-01T02:14:11Z","level":"error","event":"Task failed with exception",'
            '"logger":"task","error_detail":[{"exc_type":"ServiceUnavailable","exc_value":"503 POST '
            "https://bigquery.googleapis.com/bigquery/v2/projects/acme/jobs: The service is currently "
            'unavailable.","syntax_error":null,"is_cause":false,"frames":[{"filename":'
            '"/usr/local/lib/python3.12/site-packages/airflow/sdk/execution_time/task_runner.py",'
            '"lineno":838,"name":"run"}]}]}',
        ],
        "generic.server_error",
        "infra",
        ["Google BigQuery answered HTTP 503"],
    ),
    (
        "google_front_end_error_page",
        [
            "google.auth.exceptions.RefreshError: ('Unable to refresh the access token', '<!DOCTYPE html>"
            "<title>Error 504 (Gateway Timeout)!!1</title>')",
        ],
        "generic.server_error",
        "infra",
        ["Google", "HTTP 504", "Unable to refresh the access token"],
    ),
    (
        "url_host_names_the_service",
        [
            af2("ERROR", "Task failed with exception"),  # Airflow's announcement, not an activity
            *TRACE,
            "requests.exceptions.HTTPError: 500 Server Error: INTERNAL for url: https://api.rates.example/v2",
        ],
        "generic.server_error",
        "infra",
        ["api.rates.example answered HTTP 500 (internal server error) (HTTPError: 500 Server Error"],
    ),
    (
        # Airflow 2 prints the ApiException over lines: the quota is in the body, after "Forbidden".
        "namespace_quota_is_a_limit_not_a_grant",
        [
            af2("ERROR", "Task failed with exception"),
            *TRACE,
            "kubernetes.client.exceptions.ApiException: (403)",
            "Reason: Forbidden",
            'HTTP response body: {"message":"pods \\"etl-7f\\" is forbidden: exceeded quota: team-etl, '
            'requested: memory=4Gi, used: memory=14Gi, limited: memory=16Gi","code":403}',
        ],
        "generic.resource_quota",
        "config",
        ["exceeded quota: team-etl", "memory=14Gi", "not a missing permission"],
    ),
    (
        "rbac_forbidden_stays_a_permission",
        [
            af2("ERROR", "Task failed with exception"),
            *TRACE,
            "kubernetes.client.exceptions.ApiException: (403)",
            "Reason: Forbidden",
            'HTTP response body: {"message":"pods is forbidden: User \\"system:serviceaccount:etl:runner\\" '
            'cannot create resource \\"pods\\" in the namespace \\"etl\\"","code":403}',
        ],
        "generic.permission_denied",
        "config",
        ["lacks the permission"],
    ),
    (
        # The bq tool's error, wrapped over lines by the pod's output (the log ends with it).
        "bq_schema_update_options_with_write_truncate",
        [
            pod("BigQuery error in query operation: Error processing job 'acme-prod:\n"),
            pod("bqjob_r1_2': Schema update options should\n"),
            pod("only be specified with WRITE_APPEND disposition, or with WRITE_TRUNCATE\n"),
            pod("disposition on a table partition.\n"),
        ],
        "generic.error_code",
        "config",
        ["WRITE_APPEND", "write disposition"],
    ),
    (
        "bq_partition_decorator_on_an_unpartitioned_table",
        [
            af2("ERROR", "Task failed with exception"),
            *TRACE,
            "google.api_core.exceptions.BadRequest: 400 Cannot read partition information from a table that "
            "is not partitioned: acme-prod:sales.daily_totals$20260401",
        ],
        "generic.error_code",
        "config",
        ["not partitioned", "partition decorator"],
    ),
    (
        "bq_partitioned_destination_never_created",
        [
            af2("ERROR", "Task failed with exception"),
            *TRACE,
            "google.api_core.exceptions.BadRequest: 400 Partitioning specification must be provided in "
            "order to create partitioned table",
        ],
        "generic.error_code",
        "code",
        ["created first"],
    ),
    (
        # The job was submitted by the task itself: looked up in the wrong location, not missing.
        "bq_job_looked_up_without_its_location",
        [
            af2("ERROR", "Trigger failed", "triggerer_job_runner.py:600"),
            'airflow.exceptions.AirflowException: 404, message=\'Not Found: {"error": {"code": 404, '
            '"message": "Not found: Job acme-prod:airflow_load_2026_04_01_abc123", '
            '"errors": [{"reason": "notFound"}]}}\'',
        ],
        "generic.error_code",
        "code",
        ["location", "Not found: Job"],
    ),
    (
        # A missing table is still a missing table (not the job-location reading).
        "bq_table_not_found_is_not_a_job_lookup",
        [
            af2("ERROR", "Task failed with exception"),
            *TRACE,
            "google.api_core.exceptions.NotFound: 404 Not found: Table acme-prod:sales.orders_v2 was not "
            "found in location EU",
        ],
        "generic.missing_object",
        "code",
        ["orders_v2"],
    ),
    (
        # The service refused for now: infra, retried with backoff (a quota hit every run is raised).
        "gcp_per_minute_quota_is_the_service_refusing_for_now",
        [
            af2("ERROR", "Task failed with exception"),
            *TRACE,
            "google.api_core.exceptions.ResourceExhausted: 429 Quota exceeded for quota metric",
            "'Write requests' and limit 'Write requests per minute per user' of service "
            "'monitoring.googleapis.com'",
        ],
        "generic.error_code",
        "infra",
        ["per-minute rate quota", "exponential backoff"],
    ),
    (
        # Airflow 3's supervisor hears (409) that the state changed under the running task.
        "af3_supervisor_told_the_state_changed_to_up_for_retry",
        [
            '{"timestamp":"2026-03-01T02:14:11.100000Z","level":"error","event":"Server indicated the '
            'task shouldn\'t be running anymore","detail":{"reason":"not_running","current_state":'
            '"up_for_retry"},"status_code":409,"logger":"supervisor"}',
        ],
        "airflow.sigterm",
        "config",
        ["job_heartbeat_sec", "still running"],
    ),
    (
        # Airflow's HttpHook raises "<status>:<reason>"; the URL's host names the service.
        "http_hook_status_and_reason",
        [
            af2("INFO", "Calling HTTP method GET on https://rates.partner.example/v1/daily", "http.py:170"),
            af2("ERROR", "HTTP error: Service Unavailable", "http.py:205"),
            *TRACE,
            "airflow.exceptions.AirflowException: 503:Service Unavailable",
        ],
        "generic.server_error",
        "infra",
        ["rates.partner.example", "HTTP 503"],
    ),
    (
        # The operator's own process lost the log stream it follows: its bug, not the pod's failure.
        "pod_log_stream_cut_in_the_operator",
        [POD_RUNNING, af2("ERROR", BROKEN_STREAM), *TRACE[:1]],
        "airflow.pod_log_stream",
        "code",
        ["get_logs", "IncompleteRead"],
    ),
]


@pytest.mark.parametrize(
    ("lines", "rule", "category", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_remote_answer(lines: list[str], rule: str, category: str, words: list[str]) -> None:
    root = analyse(lines).root_cause
    assert (root.rule_id, root.category.value) == (rule, category), root.summary
    text = f"{root.title} {root.summary}"
    for word in words:
        assert word in text, (word, text)


def test_a_broken_download_in_the_pods_output_is_not_the_operators_stream() -> None:
    """The pod's own program printed it (relayed output): the pod's download broke, not the operator's."""
    result = analyse(
        [
            POD_RUNNING,
            pod(f"requests.exceptions.ChunkedEncodingError: {BROKEN_STREAM}\n"),
            af2("ERROR", "Task failed with exception"),
            "airflow.exceptions.AirflowException: Pod etl-3f9a returned a failure: exit code 1",
        ]
    )
    assert result.root_cause.rule_id != "airflow.pod_log_stream"


def test_a_user_marking_the_task_success_is_not_the_heartbeat_check() -> None:
    result = analyse(
        [
            '{"timestamp":"2026-03-01T02:14:11.100000Z","level":"error","event":"Server indicated the '
            'task shouldn\'t be running anymore","detail":{"reason":"not_running","current_state":'
            '"success"},"status_code":409,"logger":"supervisor"}',
        ]
    )
    assert (result.root_cause.rule_id, result.root_cause.category.value) == ("airflow.sigterm", "infra")


def test_a_daily_quota_stays_a_quota_to_raise() -> None:
    """Only a per-minute rate quota is the caller's missing backoff; a daily one is the set-up's limit."""
    result = analyse(
        [
            af2("ERROR", "Task failed with exception"),
            *TRACE,
            "google.api_core.exceptions.Forbidden: 403 Quota exceeded: Your project exceeded quota for free "
            "query bytes scanned. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot",
        ]
    )
    assert result.root_cause.category.value == "config"


@pytest.mark.parametrize(
    "line",
    [
        "<title>Error 404 (Not Found)!!1</title>",  # a client error page, not a server error
        af2("INFO", "ServiceUnavailableRetries: 3 configured"),  # the word inside an identifier
    ],
)
def test_server_error_needs_a_5xx(line: str) -> None:
    assert analyse([line]).root_cause.rule_id != "generic.server_error"


@pytest.mark.parametrize(
    ("lines", "service"),
    [
        (["source=airflow.providers.amazon.aws.hooks.glue.GlueJobHook"], "AWS Glue"),
        (["botocore.exceptions.ClientError: An error occurred (InternalError)"], "AWS"),
        (["for url: https://example.blob.core.windows.net/c/x"], "example.blob.core.windows.net"),
        (["nothing here names a service"], ""),
    ],
)
def test_remote_service(lines: list[str], service: str) -> None:
    assert remote_service(lines) == service
