"""A real local PySpark job whose input is the day's partition of an orders feed, sized by the run's conf.

Usual runs count a few thousand rows, then ``collect()`` them to the driver under a tight but adequate
``spark.driver.maxResultSize``; the bad run's partition is 15 times its usual size, so the results
no longer fit and Spark aborts the job. The limit was right for normal work: the category guide calls
a limit hit by an input that grew abnormally ``data``. Event logs go to ``$CHANGE_E2E_SPARK_HOME/events``
(the cluster's ``spark_event_log_roots``); the job prints its application id, as PySpark drivers do.
"""

from __future__ import annotations

import csv
import os
from datetime import datetime
from pathlib import Path

from airflow.sdk import DAG, get_current_context, task

HOME = Path(os.environ.get("CHANGE_E2E_SPARK_HOME", "/tmp/change-e2e-spark"))

with DAG(dag_id="spark_volume", start_date=datetime(2026, 1, 1), schedule=None, tags=["e2e"]):

    @task(task_id="load_orders")
    def load_orders() -> int:
        from pyspark.sql import SparkSession

        conf = get_current_context()["dag_run"].conf
        partition = HOME / "data" / "orders" / f"dt={conf['day']}"
        partition.mkdir(parents=True, exist_ok=True)
        with (partition / "part-0.csv").open("w", newline="") as out:
            writer = csv.writer(out)
            for i in range(int(conf["rows"])):
                writer.writerow([i, i * 1.25, os.urandom(24).hex()])  # incompressible, like real ids
        (HOME / "events").mkdir(parents=True, exist_ok=True)
        spark = (
            SparkSession.builder.master("local[1]")
            .appName("load_orders")
            .config("spark.eventLog.enabled", "true")
            .config("spark.eventLog.dir", f"file:{HOME / 'events'}")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.maxResultSize", "1m")
            .getOrCreate()
        )
        try:
            print(f"Spark application id: {spark.sparkContext.applicationId}", flush=True)
            orders = spark.read.schema("id INT, amount DOUBLE, token STRING").csv(str(partition))
            if orders.count() == 0:
                raise ValueError("no orders to load")
            return len(orders.where(orders.id >= 0).collect())
        finally:
            spark.stop()

    load_orders()
