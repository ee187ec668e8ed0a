"""Spark jobs that fail for real, one task each: a skewed join, a NULL in a Python UDF, a renamed column.

Each task runs one job of ``spark_jobs/`` with PySpark in local mode (``local[2]``, small data) the
way a BashOperator would run ``spark-submit``: the driver's console output becomes the task log, and
Spark writes its event log (``spark.eventLog.enabled``) under the event-log folder, so the debugger
can measure the task distribution, not only read the error.

* ``skewed_join_oom`` — 95 % of orders on one customer; the hot shuffle partition dies with
  ``OutOfMemoryError`` on a 512m heap. The right answer is *data skew*, not "add memory".
* ``udf_null`` — a Python UDF does ``"@" in email`` on a NULL e-mail: ``TypeError`` in the worker.
* ``renamed_column`` — the upstream extract renamed ``customer_id`` to ``cust_id``: schema drift.

The event-log folder is the Airflow Variable ``spark_event_log_dir``, else the environment variable
``PIPELINE_DEBUGGER_SPARK_EVENT_LOG_DIR``, else ``$AIRFLOW_HOME/spark-events``; list the same folder
in ``[pipeline_debugger] spark_event_log_roots`` so the investigation may read it. The expected
verdict of each task is in ``expected.toml`` next to this file.
"""

from __future__ import annotations

import os
import shlex
import sys
from datetime import datetime
from pathlib import Path

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG

JOBS_DIR = Path(__file__).resolve().parent / "spark_jobs"
DATA_DIR = Path(os.environ.get("PIPELINE_DEBUGGER_DEMO_DATA", "/tmp/pipeline-debugger-demo")) / "spark"
DEFAULT_EVENT_LOG_DIR = os.environ.get(
    "PIPELINE_DEBUGGER_SPARK_EVENT_LOG_DIR",
    str(Path(os.environ.get("AIRFLOW_HOME", Path.home() / "airflow")) / "spark-events"),
)
#: The interpreter with PySpark installed (the worker's own by default).
PYTHON = os.environ.get("PIPELINE_DEBUGGER_SPARK_PYTHON", sys.executable)
EVENT_LOG_DIR = "{{ var.value.get('spark_event_log_dir', '" + DEFAULT_EVENT_LOG_DIR + "') }}"


def spark_job(job: str, *args: str) -> str:
    """The command line of one example job, with event logging into the configured folder."""
    task_dir = DATA_DIR / job.removesuffix(".py")
    command = [
        PYTHON,
        str(JOBS_DIR / job),
        "--output-dir",
        str(task_dir / "output"),
        "--event-log-dir",
        "__EVENT_LOG_DIR__",
        # Spark's own key on the command line too: the worker capture records it as the task's artifact.
        "--conf",
        "spark.eventLog.dir=__EVENT_LOG_DIR__",
        *args,
    ]
    rendered = " ".join(shlex.quote(part) for part in command)
    rendered = rendered.replace("=__EVENT_LOG_DIR__", f'="{EVENT_LOG_DIR}"')
    rendered = rendered.replace("__EVENT_LOG_DIR__", f'"{EVENT_LOG_DIR}"')
    return f'mkdir -p "{EVENT_LOG_DIR}" && {rendered}'


with DAG(
    dag_id="example_spark_failures",
    start_date=datetime(2026, 1, 1),
    schedule=None,
    catchup=False,
    max_active_tasks=1,  # one local Spark JVM at a time: they share a small machine
    default_args={"owner": "data-platform", "retries": 0},
    tags=["example", "pipeline-debugger", "spark"],
    doc_md=__doc__,
):
    spark_env = {"PYSPARK_PYTHON": PYTHON, "PYSPARK_DRIVER_PYTHON": PYTHON, "SPARK_LOCAL_IP": "127.0.0.1"}

    BashOperator(
        task_id="skewed_join_oom",
        bash_command=spark_job(
            "skewed_join.py", "--memory", "512m", "--hot-fraction", "0.95", "--rows", "4000000"
        ),
        env=spark_env,
        append_env=True,
    )
    BashOperator(
        task_id="udf_null",
        bash_command=spark_job("udf_null.py", "--memory", "1g"),
        env=spark_env,
        append_env=True,
    )
    BashOperator(
        task_id="renamed_column",
        bash_command=spark_job(
            "renamed_column.py", "--memory", "1g", "--input", str(DATA_DIR / "upstream" / "orders")
        ),
        env=spark_env,
        append_env=True,
    )
