"""Provider metadata read by Airflow's ``apache_airflow_provider`` entry point.

Every ``[pipeline_debugger]`` option is declared here exactly once (type, default, description); the
typed accessors in :mod:`airflow_pipeline_debugger.conf` and the README's configuration table are
derived from :data:`OPTIONS`, and a unit test keeps the three in sync. No Airflow import here: the
providers manager calls this in every Airflow component.
"""

from __future__ import annotations

from typing import Any

from airflow_pipeline_debugger import __version__

SECTION = "pipeline_debugger"
VERSION_ADDED = "0.1.0"


def _option(kind: str, default: str, description: str, example: str | None = None) -> dict[str, Any]:
    """One option in the provider-info schema's shape (``default`` is always a string)."""
    return {
        "description": description,
        "version_added": VERSION_ADDED,
        "type": kind,
        "default": default,
        "example": example,
    }


#: option name -> declaration; append new options at the end of the group they belong to.
OPTIONS: dict[str, dict[str, Any]] = {
    # --- triggering
    "enabled": _option(
        "boolean",
        "True",
        "Investigate failed tasks at all. False turns every trigger and runner off.",
        "False",
    ),
    "investigate_retries": _option(
        "boolean",
        "False",
        "Also investigate tries that failed and went to up_for_retry; by default only final failures are.",
        "True",
    ),
    "opt_out_tag": _option(
        "string",
        "pipeline_debugger:off",
        "A DAG carrying this tag is never investigated.",
        "no-debugger",
    ),
    "opt_out_param": _option(
        "string",
        "pipeline_debugger_enabled",
        "A DAG param (or DAG run conf key) of this name set to false turns investigations off for it.",
        "debugger_enabled",
    ),
    "sweep_interval_seconds": _option(
        "integer",
        "30",
        "How often each runner looks for failed tries that no hook enqueued (a process that stopped "
        "between a failure and its enqueue, an insert that met a database outage).",
        "60",
    ),
    "sweep_lookback_hours": _option(
        "integer", "24", "How far back the reconciliation sweep looks for uninvestigated failures.", "6"
    ),
    # --- runner
    "runner_in_api_server": _option(
        "boolean",
        "True",
        "Run one investigation runner thread inside every api-server process. Set to False when you "
        "run `airflow-pipeline-debugger runner` processes instead.",
        "False",
    ),
    "runner_concurrency": _option(
        "integer", "2", "Investigations one runner works on at the same time.", "4"
    ),
    "runner_poll_interval_seconds": _option(
        "float",
        "2.0",
        "How often an idle runner looks for queued investigations. A failure its own api-server "
        "enqueued, and the next queued investigation when one finishes, are claimed at once.",
        "5.0",
    ),
    "runner_heartbeat_seconds": _option(
        "integer", "15", "How often a runner refreshes the heartbeat of the investigations it holds.", "30"
    ),
    "runner_stale_after_seconds": _option(
        "integer",
        "120",
        "A claimed investigation whose heartbeat is older than this is put back in the queue (its "
        "runner died).",
        "300",
    ),
    "runner_start_retry_seconds": _option(
        "float",
        "30.0",
        "An embedded runner that cannot start (metadata DB unreachable, tables not migrated yet) is "
        "tried again this often until it starts, without restarting the api-server.",
        "60.0",
    ),
    "handoff_settle_seconds": _option(
        "float",
        "10.0",
        "The longest the runner waits, counted from the end of a try, for the worker's capture record "
        "(exception, artifact paths) to reach the task log. It stops waiting as soon as the log shows the "
        "task process is done (its Post Execute group closed, or the process killed). "
        "The worker never waits.",
        "30.0",
    ),
    "investigation_timeout_seconds": _option(
        "integer",
        "900",
        "A running investigation is stopped and marked failed after this long (model calls included).",
        "1800",
    ),
    "runner_max_live_threads": _option(
        "integer",
        "4",
        "Investigation threads one runner may have alive at once, timed-out ones that have not stopped "
        "yet included. At this many the runner claims no new work (and says so in its log and in "
        "/api/health) until one stops; below runner_concurrency it also caps concurrency.",
        "8",
    ),
    # --- evidence limits and locations
    "log_scan_max_bytes": _option(
        "integer",
        "2147483648",
        "Largest task or tool log scanned for evidence; larger logs are read head and tail only.",
        "536870912",
    ),
    "evidence_max_bytes": _option(
        "integer",
        "262144",
        "Cap on the redacted excerpt stored per piece of evidence.",
        "65536",
    ),
    "upload_max_bytes": _option(
        "integer",
        "10485760",
        "Largest file a user may attach to an investigation from the UI or API.",
        "5242880",
    ),
    "log_roots": _option(
        "string",
        "",
        "Comma-separated directories of extra logs every adapter may read. Airflow's own log folder is not "
        "one: each failed try's log is read through Airflow's log reader.",
        "/var/log/airflow,/mnt/shared/logs",
    ),
    "dbt_artifact_roots": _option(
        "string",
        "",
        "Comma-separated directories dbt projects write target/ and logs/ under; dbt artifacts are only "
        "read below these.",
        "/opt/dbt/projects",
    ),
    "spark_event_log_roots": _option(
        "string",
        "",
        "Comma-separated directories (spark.eventLog.dir) Spark event logs are read from.",
        "/var/log/spark-events",
    ),
    "history_runs": _option(
        "integer", "20", "Past runs of the task compared with the failed one (durations, last success).", "50"
    ),
    # --- engine
    "heuristic_params": _option(
        "string",
        "",
        "JSON object overriding heuristic thresholds and parameters, keyed by rule id; empty means none.",
        '{"spark.gc_pressure": {"gc_fraction": [0.1, 0.2, 0.3, 0.5]}}',
    ),
    "extra_adapters": _option(
        "string",
        "",
        "Comma-separated import paths (module:Class) of additional adapters.",
        "mypkg.adapters:MyAdapter",
    ),
    "disabled_adapters": _option(
        "string", "", "Comma-separated names of built-in or installed adapters to switch off.", "spark"
    ),
    "extra_heuristics": _option(
        "string",
        "",
        "Comma-separated import paths (module:Class) of additional heuristic rules.",
        "mypkg.rules:MyRule",
    ),
    "llm_enabled": _option(
        "boolean",
        "True",
        "Reason with a model on top of the heuristics when model credentials exist (connection or "
        "ANTHROPIC_API_KEY / OPENROUTER_API_KEY). False keeps every investigation deterministic.",
        "False",
    ),
    "llm_conn_id": _option(
        "string",
        "pipeline_debugger_llm",
        "Airflow connection holding the model credentials (password = API key, host = base URL, "
        "extra.model = model name).",
        "anthropic_default",
    ),
    "llm_model": _option(
        "string", "claude-sonnet-4-5", "Model used when the connection does not name one.", "claude-opus-4-1"
    ),
    "llm_timeout_seconds": _option("float", "60", "Timeout of one model request.", "120"),
    "llm_max_output_tokens": _option("integer", "4096", "Largest answer requested from the model.", "8192"),
    "llm_max_input_chars": _option(
        "integer", "120000", "Budget of evidence characters sent to the model per investigation.", "60000"
    ),
    "llm_max_retries": _option(
        "integer", "2", "Retries of a model request on rate limits and server errors.", "4"
    ),
    "llm_first_prompt_chars": _option(
        "integer",
        "60000",
        "Size of each stage's first prompt when the model can read evidence through tools: facts, signals "
        "and windows around the decisive lines; the model reads the rest when it needs it.",
        "40000",
    ),
    "llm_max_tool_calls": _option(
        "integer",
        "12",
        "Evidence tool calls per investigation (all stages together); 0 offers no tools. The model path "
        "stops at the limit and the deterministic result stands.",
        "20",
    ),
    "llm_max_tokens": _option(
        "integer",
        "400000",
        "Input plus output tokens per investigation, summed over every call and stage (from the SDK's "
        "usage); the model path stops when they are spent and the deterministic result stands.",
        "200000",
    ),
    "llm_max_cost_usd": _option(
        "float",
        "0",
        "Dollars per investigation, priced with llm_prices; 0 means no dollar limit.",
        "0.50",
    ),
    "llm_prices": _option(
        "string",
        "",
        'Price table for cost_usd: JSON {"<model>": {"input": <USD per million tokens>, "output": '
        "<USD per million tokens>}}. A model not listed has no cost recorded and no dollar limit.",
        '{"claude-sonnet-4-5": {"input": 3, "output": 15}}',
    ),
    "fingerprint_cache_hours": _option(
        "integer",
        "24",
        "An identical failure (same fingerprint) within this many hours reuses the earlier root cause "
        "instead of calling the model again. 0 turns the cache off.",
        "6",
    ),
    "topology_file": _option(
        "string",
        "",
        "TOML file (kept in the DAGs repository) overriding stages, prompts, categories and routing.",
        "/opt/airflow/dags/pipeline_debugger.toml",
    ),
    # --- notification and UI
    "slack_conn_id": _option(
        "string",
        "",
        "Slack connection alerts are posted with: type slackwebhook (incoming webhook) or slack (bot token, "
        "threads and in-place updates); empty disables Slack alerts.",
        "slack_api_default",
    ),
    "slack_channel": _option(
        "string",
        "",
        "Default Slack channel when the DAG or topology file does not route elsewhere.",
        "#data-alerts",
    ),
    "slack_grouping_window_minutes": _option(
        "integer",
        "30",
        "Failures with the same fingerprint within this window are replies in one Slack thread.",
        "60",
    ),
    "slack_investigating_message": _option(
        "boolean",
        "False",
        "Post an 'investigating…' message as soon as a failure is picked up, updated with the result.",
        "True",
    ),
    "ui_base_url": _option(
        "string",
        "",
        "Base URL of the Airflow UI used in links (Slack, reports); empty means [api] base_url.",
        "https://airflow.example.com",
    ),
    "feedback_wrong_threshold": _option(
        "integer",
        "2",
        "A rule (or model) whose answers on a DAG users marked wrong more than this many times, among its "
        "last 20 rated answers there, has its next answers on that DAG flagged in their confidence.",
        "4",
    ),
}


def get_provider_info() -> dict[str, Any]:
    """The provider description Airflow's providers manager validates and loads."""
    return {
        "package-name": "airflow-pipeline-debugger",
        "name": "Pipeline Debugger",
        "description": "Automatic root-cause investigation of every failed Airflow task, including tasks "
        "that run dbt and Spark, with evidence, remediation and Slack alerts.",
        "versions": [__version__],
        "config": {
            SECTION: {
                "description": "Automatic investigation of failed tasks (airflow-pipeline-debugger).",
                "options": {name: dict(option) for name, option in OPTIONS.items()},
            }
        },
        "db-managers": ["airflow_pipeline_debugger.store.db_manager.PipelineDebuggerDBManager"],
        "notifications": ["airflow_pipeline_debugger.notify.notifier.InvestigationSlackNotifier"],
    }
