"""Upstream loader: lands POS sales and the store list into raw.*."""
import random
import sys

import duckdb

path = sys.argv[1]
rng = random.Random(5)
con = duckdb.connect(path)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.stores (store_id integer, store_name varchar, region varchar)")
con.execute("create or replace table raw.sales (sale_id integer, store_id integer, amount double, sold_on date)")
con.executemany("insert into raw.stores values (?, ?, ?)", [(100 + i, f"Store {i}", ["north", "south", "west"][i % 3]) for i in range(20)])
con.executemany("insert into raw.sales values (?, ?, ?, date '2026-12-01' + ?)",
                [(i, 100 + rng.randint(0, 19), round(rng.uniform(2, 300), 2), rng.randint(0, 6)) for i in range(1, 8001)])
print("loaded raw.stores:", con.execute("select count(*) from raw.stores").fetchone()[0])
print("loaded raw.sales:", con.execute("select count(*) from raw.sales").fetchone()[0])
con.close()
