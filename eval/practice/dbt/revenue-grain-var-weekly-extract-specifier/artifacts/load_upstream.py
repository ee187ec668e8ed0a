"""Upstream loader stand-in: lands today's raw extracts in the warehouse's raw schema."""
import os
import random
from datetime import datetime, timedelta

import duckdb

random.seed(4711)
db = os.environ["SHOPMETRICS_DB"]
con = duckdb.connect(db)
con.execute("create schema if not exists raw")

orders = []
start = datetime(2026, 10, 1)
for i in range(6000):
    ts = start + timedelta(minutes=random.randint(0, 67 * 24 * 60))
    orders.append((100000 + i, ts.isoformat(sep=" "), random.randint(1, 12), f"{random.uniform(4, 320):.2f}"))
con.execute("create or replace table raw.orders (order_id bigint, order_ts varchar, store_id integer, amount varchar)")
con.executemany("insert into raw.orders values (?, ?, ?, ?)", orders)

products = [(f"SKU-{n:05d}", f"product {n}") for n in range(1, 400)]
lines = []
for i, (oid, *_rest) in enumerate(orders):
    for j in range(random.randint(1, 3)):
        sku, name = random.choice(products)
        q = random.randint(1, 4)
        lines.append((oid * 10 + j, oid, sku, name, q, f"{q * random.uniform(2, 90):.2f}"))
con.execute("create or replace table raw.order_lines (line_id bigint, order_id bigint, sku varchar, product_name varchar, quantity integer, line_amount varchar)")
con.executemany("insert into raw.order_lines values (?, ?, ?, ?, ?, ?)", lines)

cols = ", ".join(f"kwh_{i:02d} double" for i in range(48))
con.execute(f"create or replace table raw.meter_readings (meter_id varchar, store_id integer, reading_date varchar, {cols})")
rows = []
for store in range(1, 13):
    for m in range(2):
        for d in range(14):
            day = (datetime(2026, 11, 23) + timedelta(days=d)).date().isoformat()
            rows.append((f"M-{store:02d}-{m}", store, day, *[round(random.uniform(0.5, 9.0), 3) for _ in range(48)]))
con.executemany(f"insert into raw.meter_readings values ({', '.join(['?'] * 51)})", rows)

for t in ("orders", "order_lines", "meter_readings"):
    print(f"loaded raw.{t}: {con.execute(f'select count(*) from raw.{t}').fetchone()[0]} rows")
con.close()
