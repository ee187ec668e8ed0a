import logging
from datetime import datetime, timedelta, timezone

from airflow.sdk import Variable, dag, task

log = logging.getLogger("acme.payments.settlement")


@dag(dag_id="psp_settlement_window", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 1, "retry_delay": timedelta(seconds=5)}, tags=["payments", "h40"])
def psp_settlement_window():
    @task
    def build_settlement_window():
        log.info("PSP batch window: request timeout=900s, 3 late captures will be retried next window")
        log.warning("psp sandbox reported 2 killed sessions yesterday (harmless, already reconnected)")
        cutoff_hour = int(Variable.get("settlement_cutoff_hour"))
        log.info("settlement cutoff hour from Variable settlement_cutoff_hour: %s", cutoff_hour)
        business_day = datetime(2026, 12, 6, tzinfo=timezone.utc)
        start = (business_day - timedelta(days=1)).replace(hour=cutoff_hour, minute=0, second=0)
        end = business_day.replace(hour=cutoff_hour, minute=0, second=0)
        log.info("settlement window %s -> %s", start.isoformat(), end.isoformat())
        return {"start": start.isoformat(), "end": end.isoformat()}

    build_settlement_window()


psp_settlement_window()
