import json
import logging
from datetime import datetime
import pendulum
from airflow.sdk import DAG, task, get_current_context

log = logging.getLogger(__name__)
EVENTS = "/tmp/ind6/data/sessions/events.jsonl"

with DAG("session_events_filter", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule="@daily", catchup=False, tags=["web"]):
    @task
    def filter_new_events():
        ctx = get_current_context()
        start = ctx["data_interval_start"]
        log.info("Filtering events newer than %s", start)
        kept = 0
        with open(EVENTS) as fh:
            for i, line in enumerate(fh, 1):
                ev = json.loads(line)
                ts = datetime.strptime(ev["ts"], "%Y-%m-%d %H:%M:%S")
                if ts >= start:
                    kept += 1
                if i % 500 == 0:
                    log.info("Scanned %d events, kept %d, zombie sessions dropped: 0", i, kept)
        log.info("Kept %d events", kept)
        return kept

    filter_new_events()
