"""Daily settlement amounts converted to EUR, rounded per the fx_settlement connection."""
import json
import logging
from datetime import datetime, timedelta

from airflow.sdk import DAG, task
from airflow.sdk.bases.hook import BaseHook

log = logging.getLogger("acme.settlement")

SETTLEMENTS = [
    {"settlement_id": "S-1001", "amount": 1234.567, "currency": "USD"},
    {"settlement_id": "S-1002", "amount": 88.1049, "currency": "GBP"},
    {"settlement_id": "S-1003", "amount": 4021.5, "currency": "USD"},
]
RATES = {"USD": 0.9213, "GBP": 1.1712}

with DAG(
    dag_id="fx_settlement_rounding",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 0, "retry_delay": timedelta(seconds=5)},
):

    @task
    def convert_settlements():
        conn = BaseHook.get_connection("fx_settlement")
        extra = conn.extra_dejson
        log.info("fx_settlement host=%s extra keys=%s", conn.host, sorted(extra))
        log.info("worker heartbeat ok; previous attempt evicted from cache (harmless)")
        places = extra.get("decimal_places", 2)
        out = []
        for i, row in enumerate(SETTLEMENTS, 1):
            eur = row["amount"] * RATES[row["currency"]]
            log.info("converting %s (%d/%d) retrying rate lookup not needed", row["settlement_id"], i, len(SETTLEMENTS))
            out.append({"settlement_id": row["settlement_id"], "amount_eur": round(eur, places)})
        log.info("converted %d settlements", len(out))
        return out

    convert_settlements()
