"""Upstream loader: lands the POS orders into raw.orders."""
import random
import sys

import duckdb

path = sys.argv[1]
rng = random.Random(3)
con = duckdb.connect(path)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.orders (order_id integer, store_id integer, amount double, order_date date)")
con.executemany("insert into raw.orders values (?, ?, ?, date '2026-12-01' + ?)",
                [(i, 100 + rng.randint(0, 9), round(rng.uniform(3, 250), 2), rng.randint(0, 5)) for i in range(1, 3001)])
print("loaded raw.orders:", con.execute("select count(*) from raw.orders").fetchone()[0])
con.close()
