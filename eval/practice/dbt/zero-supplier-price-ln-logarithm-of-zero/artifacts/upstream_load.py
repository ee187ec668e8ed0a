"""Upstream loader: lands the supplier price feed (all days so far) into raw.supplier_prices."""
import random
import sys

import duckdb

path = sys.argv[1]
rng = random.Random(7)
con = duckdb.connect(path)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.supplier_prices (sku varchar, price_date date, unit_price double, supplier_id integer)")
rows = []
for s in range(1, 41):
    price = round(rng.uniform(4, 90), 2)
    for d in range(30):
        price = round(max(1.0, price * rng.uniform(0.97, 1.03)), 2)
        rows.append((f"SKU-{s:04d}", d, price, 700 + s % 4))
# today's feed (2026-11-30): supplier 702 sent SKU-0018 at 0.00 (a giveaway promo item)
rows[17 * 30 + 29] = ("SKU-0018", 29, 0.0, 702)
con.executemany("insert into raw.supplier_prices values (?, date '2026-11-01' + ?, ?, ?)", rows)
n, lo, hi = con.execute("select count(*), min(unit_price), max(unit_price) from raw.supplier_prices").fetchone()
print(f"loaded raw.supplier_prices: {n} rows, unit_price min={lo} max={hi}")
con.close()
