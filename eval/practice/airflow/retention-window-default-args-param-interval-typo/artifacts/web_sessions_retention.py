"""Trim raw web sessions older than the agreed retention window (GDPR retention policy)."""
from __future__ import annotations

import pendulum
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator
from airflow.sdk import DAG

default_args = {
    "owner": "data-platform",
    "retries": 0,
    "conn_id": "h50_warehouse",
    # retention agreed with legal, see DPA-2026-14 (changed from 180 days on 2026-12-05)
    "params": {"keep_window": "90 dys", "archive_schema": "archive"},
}

with DAG(
    dag_id="web_sessions_retention",
    start_date=pendulum.datetime(2026, 11, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    default_args=default_args,
    tags=["retention", "gdpr"],
):
    archive = SQLExecuteQueryOperator(
        task_id="archive_expired_sessions",
        sql="""
            INSERT INTO {{ params.archive_schema }}.web_sessions
            SELECT * FROM raw.web_sessions
            WHERE session_start < timestamp '{{ ds }}' - interval '{{ params.keep_window }}'
        """,
    )
    purge = SQLExecuteQueryOperator(
        task_id="purge_expired_sessions",
        sql="""
            DELETE FROM raw.web_sessions
            WHERE session_start < timestamp '{{ ds }}' - interval '{{ params.keep_window }}'
        """,
    )
    archive >> purge
