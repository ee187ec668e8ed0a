"""Upstream stand-in: lands the day's raw tables into the storeops warehouse (raw schema)."""
import random
import sys
from datetime import datetime, timedelta

import duckdb

DB = sys.argv[1]
RUN_DATE = "2026-12-06"
# knobs describing what the upstream systems delivered today
CUSTOMER_DATE_FORMAT_NEW_ROWS = "%Y-%m-%d"   # CRM export date format for customers signed up since the CRM release
BATCH_STATUS = {"orders": "COMPLETE", "customers": "COMPLETE", "inventory": "COMPLETE", "stores": "COMPLETE"}

random.seed(27)
con = duckdb.connect(DB)
con.execute("create schema if not exists raw")
for t in ["orders", "customers", "inventory", "stores", "etl_batches"]:
    con.execute(f"drop table if exists raw.{t}")

stores = [(100 + i, f"Store {100 + i}", random.choice(["north", "south", "east", "west"]), "2019-03-01") for i in range(24)]
con.execute("create table raw.stores (store_id integer, store_name varchar, region varchar, opened_on varchar)")
con.executemany("insert into raw.stores values (?, ?, ?, ?)", stores)

base = datetime(2024, 1, 1)
customers = []
for cid in range(1, 2401):
    signed = base + timedelta(days=cid // 4)
    fmt = CUSTOMER_DATE_FORMAT_NEW_ROWS if signed >= datetime(2025, 7, 1) else "%Y-%m-%d"
    customers.append((cid, f"user{cid}@example.com", random.choice(["DE", "FR", "NL", "AT"]), signed.strftime(fmt)))
con.execute("create table raw.customers (customer_id integer, email varchar, country varchar, signup_date varchar)")
con.executemany("insert into raw.customers values (?, ?, ?, ?)", customers)

orders = []
for oid in range(500001, 509001):
    ts = datetime(2026, 11, 7) + timedelta(minutes=random.randint(0, 30 * 24 * 60 - 1))
    orders.append((oid, random.randint(1, 2400), random.choice(stores)[0], ts.isoformat(sep=" "),
                   f"{random.uniform(3, 240):.2f}", random.choice(["COMPLETED"] * 8 + ["CANCELLED", "REFUNDED"])))
con.execute("create table raw.orders (order_id bigint, customer_id integer, store_id integer, order_ts varchar, amount varchar, status varchar)")
con.executemany("insert into raw.orders values (?, ?, ?, ?, ?, ?)", orders)

inv = [(s[0], f"SKU-{n:05d}", str(random.randint(0, 400)), RUN_DATE) for s in stores for n in range(1, 151)]
con.execute("create table raw.inventory (store_id integer, sku varchar, on_hand varchar, snapshot_date varchar)")
con.executemany("insert into raw.inventory values (?, ?, ?, ?)", inv)

counts = {"orders": len(orders), "customers": len(customers), "inventory": len(inv), "stores": len(stores)}
con.execute("create table raw.etl_batches (feed varchar, batch_date date, status varchar, rows_loaded integer, rows_expected integer, finished_at timestamp)")
for feed, n in counts.items():
    status = BATCH_STATUS[feed]
    loaded = n if status == "COMPLETE" else n * 37 // 100
    con.execute("insert into raw.etl_batches values (?, ?, ?, ?, ?, ?)",
                [feed, RUN_DATE, status, loaded, n, "2026-12-07 02:14:09" if status == "COMPLETE" else None])
con.close()
print(f"landed into {DB}: " + ", ".join(f"raw.{k}={v}" for k, v in counts.items()) + f"; batch status={BATCH_STATUS}")
