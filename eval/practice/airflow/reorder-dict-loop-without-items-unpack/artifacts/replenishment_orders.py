"""Build the day's replenishment purchase orders: SKUs whose on-hand stock fell under their reorder point.

INV-377: reorder quantities are now aggregated per SKU across stores before the PO lines are built.
"""
import csv
import logging
import random
from datetime import datetime, timedelta
from pathlib import Path

from airflow.sdk import DAG, task

log = logging.getLogger("acme.replenishment_orders")
OUT = Path("/tmp/pr29/data/po")


def load_stock_positions(ds):
    """Stock positions per store and SKU as exported by the store inventory system (normal day ~2,400 rows)."""
    rnd = random.Random(ds)
    rows = []
    for store in range(101, 149):
        for i in range(50):
            sku = f"SKU-{10000 + rnd.randint(0, 300)}"
            rows.append({"store_id": store, "sku": sku, "on_hand": rnd.randint(0, 60), "reorder_point": 12, "target": 48})
    return rows


with DAG(
    "replenishment_orders",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 0, "retry_delay": timedelta(seconds=30)},
    tags=["inventory", "purchasing"],
):

    @task
    def build_po_lines(ds=None):
        positions = load_stock_positions(ds)
        log.info("loaded %d stock positions for %s from %d stores", len(positions), ds, len({p["store_id"] for p in positions}))
        log.info("supplier catalogue refresh timed out after 10s, retried OK (attempt 2)")
        below = [p for p in positions if p["on_hand"] < p["reorder_point"]]
        log.info("%d positions below reorder point (killed_flag=false on all)", len(below))
        reorder_qty = {}
        for p in below:
            reorder_qty[p["sku"]] = reorder_qty.get(p["sku"], 0) + (p["target"] - p["on_hand"])
        log.info("aggregated reorder quantities for %d SKUs", len(reorder_qty))
        OUT.mkdir(parents=True, exist_ok=True)
        lines = []
        for sku, qty in reorder_qty:
            lines.append({"sku": sku, "qty": qty, "supplier": "default"})
        with (OUT / f"po_lines_{ds}.csv").open("w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=["sku", "qty", "supplier"])
            w.writeheader()
            w.writerows(lines)
        log.info("wrote %d PO lines, error_count=0", len(lines))
        return len(lines)

    build_po_lines()
