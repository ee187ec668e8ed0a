"""Upstream loader: lands the billing system's subscriptions extract into raw.subscriptions."""
import logging
import sys
import duckdb

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.billing.loader")
rows = [
    (50101, "C-1001", "monthly", "2026-09-01", 30, 199.00),
    (50102, "C-1002", "quarterly", "2026-07-15", 90, 549.00),
    (50103, "C-1003", "monthly", "2026-11-20", 30, 199.00),
    (50104, "C-1004", "annual", "2026-01-10", 365, 1990.00),
    (50105, "C-1005", "lifetime", "2026-12-05", 0, 4990.00),
    (50106, "C-1006", "monthly", "2026-12-01", 30, 199.00),
]
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.subscriptions (subscription_id integer, customer_id varchar, plan varchar, "
            "started_on date, billing_interval_days integer, price numeric(10,2))")
con.executemany("insert into raw.subscriptions values (?, ?, ?, ?, ?, ?)", rows)
plans = sorted({r[2] for r in rows})
log.info("loaded %d subscriptions into raw.subscriptions (plans: %s)", len(rows), ", ".join(plans))
log.info("billing api pagination done; 1 page retried after a timeout, 0 killed requests")
