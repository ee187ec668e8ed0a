import csv
import logging
import pendulum
import yaml
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)
MAPPINGS = "/etc/acme/etl/mappings.yaml"
EXPORT = "/tmp/ind6/data/ledger/gl_export_2026-12-06.csv"

with DAG("ledger_column_mapping", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False, tags=["finance"]):
    @task
    def map_ledger_columns():
        with open(EXPORT, newline="") as fh:
            rows = list(csv.DictReader(fh))
        log.info("GL export has %d rows; retrying stale lock: timeout recovered after 1 attempt", len(rows))
        with open(MAPPINGS) as fh:
            mapping = yaml.safe_load(fh)["gl_export"]
        mapped = [{mapping.get(k, k): v for k, v in r.items()} for r in rows]
        log.info("Mapped %d rows to %d columns", len(mapped), len(mapped[0]) if mapped else 0)
        return len(mapped)

    map_ledger_columns()
