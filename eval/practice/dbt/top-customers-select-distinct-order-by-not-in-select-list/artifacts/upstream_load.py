"""Upstream loader: lands the CRM extract (customers, orders) into raw.* of the DuckDB warehouse."""
import random
import sys

import duckdb

path = sys.argv[1]
rng = random.Random(44)
con = duckdb.connect(path)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.customers (customer_id integer, customer_name varchar, country varchar)")
con.execute("create or replace table raw.orders (order_id integer, customer_id integer, amount double, order_date date, status varchar)")
countries = ["NO", "SE", "DK", "DE", "PL"]
con.executemany("insert into raw.customers values (?, ?, ?)",
                [(i, f"Customer {i}", countries[i % 5]) for i in range(1, 501)])
con.executemany("insert into raw.orders values (?, ?, ?, date '2026-11-01' + ?, ?)",
                [(o, rng.randint(1, 500), round(rng.uniform(5, 400), 2), rng.randint(0, 35),
                  "cancelled" if o % 17 == 0 else "complete") for o in range(1, 6001)])
print("loaded raw.customers:", con.execute("select count(*) from raw.customers").fetchone()[0])
print("loaded raw.orders:", con.execute("select count(*) from raw.orders").fetchone()[0])
con.close()
