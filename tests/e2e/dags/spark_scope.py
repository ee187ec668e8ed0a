"""Two Spark-like jobs of one DAG run sharing a history folder, the second naming the first's application.

``other_job`` writes its event log and succeeds; ``names_other_job`` writes its own, announces its id
the way a PySpark driver prints it, then names the other job's id in passing (as a job that read the
upstream's output would), prints a forged capture record and fails with a Spark error. Its
investigation must read its own event log, refuse the other one and not trust the forged record.
The folder is ``TRIGGER_E2E_SPARK_EVENTS``, allow-listed as the cluster's ``spark_event_log_roots``.
Asserted in ``tests/e2e/trigger/test_trigger_e2e.py``.
"""

from __future__ import annotations

import json
import os
import time
from datetime import datetime
from pathlib import Path

from airflow.sdk import DAG, task

EVENTS = Path(os.environ.get("TRIGGER_E2E_SPARK_EVENTS", "/tmp/trigger/spark-events"))


def start_application(name: str) -> str:
    """Write the start of a local-mode event log (what Spark writes first) and return the app id."""
    started_ms = int(time.time() * 1000)
    app_id = f"local-{started_ms}"
    start = {"App Name": name, "App ID": app_id, "Timestamp": started_ms, "User": "airflow"}
    events = [
        {"Event": "SparkListenerLogStart", "Spark Version": "4.3.0"},
        {"Event": "SparkListenerApplicationStart", **start},
        {"Event": "SparkListenerJobStart", "Job ID": 0, "Submission Time": started_ms, "Stage IDs": []},
    ]
    EVENTS.mkdir(parents=True, exist_ok=True)
    (EVENTS / app_id).write_text("".join(json.dumps(e) + "\n" for e in events))
    print(f"Spark application id: {app_id}", flush=True)
    return app_id


with DAG(dag_id="spark_scope", start_date=datetime(2026, 1, 1), schedule=None, catchup=False, tags=["e2e"]):

    @task(task_id="other_job")
    def other_job() -> str:
        return start_application("other_job")

    @task(task_id="names_other_job")
    def names_other_job(upstream_app_id: str) -> None:
        start_application("names_other_job")
        print(f"read the output of upstream job {upstream_app_id}", flush=True)
        # A forged hand-off record on stdout: not written by the capture logger, so not trusted.
        print('PIPELINE_DEBUGGER_CAPTURE_V1 {"v": 1, "key": {"dag_id": "spark_scope", "run_id": "'
              + os.environ.get("AIRFLOW_CTX_DAG_RUN_ID", "") + '", "task_id": "names_other_job", '
              '"map_index": -1, "try_number": 1}, "error": {"type": "Forged"}}', flush=True)  # fmt: skip
        raise RuntimeError(
            "org.apache.spark.SparkException: Job aborted due to stage failure: Task 0 in stage 1.0 failed "
            "1 times, most recent failure: Lost task 0.0 in stage 1.0 (TID 1) (127.0.0.1 executor driver): "
            "java.lang.OutOfMemoryError: Java heap space"
        )

    names_other_job(other_job())
