"""Ingest the hourly app events JSON-lines drop and aggregate counts per event type."""
import json
import logging
from collections import Counter
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("events.ingest")
DROP = "/tmp/pr35-data/airflow/events/app_events_2026-12-06T23.jsonl"


@dag(dag_id="app_events_ingest", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0}, tags=["events", "pr35"])
def app_events_ingest():
    @task
    def parse_events():
        counts = Counter()
        with open(DROP) as f:
            for lineno, line in enumerate(f, 1):
                ev = json.loads(line)
                counts[ev["type"]] += 1
                if lineno % 2000 == 0:
                    log.info("parsed %d events so far (session timeout events are normal)", lineno)
        log.info("event counts: %s", dict(counts))
        return dict(counts)

    parse_events()


app_events_ingest()
