"""Stand-in for the shop database replication into raw.orders / raw.customers."""
import random
import sys

import duckdb

random.seed(3)
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.customers (customer_id bigint, email varchar, created_at timestamp)")
con.executemany("insert into raw.customers values (?, ?, ?)",
                [(i, f"c{i}@example.com", f"2025-0{1 + i % 9}-10 10:00:00") for i in range(1, 301)])
con.execute("create or replace table raw.orders (order_id bigint, customer_id bigint, ordered_at timestamp, amount decimal(10,2))")
con.executemany("insert into raw.orders values (?, ?, ?, ?)",
                [(10000 + i, 1 + i % 300, f"2026-12-0{1 + i % 7} 12:00:00", round(random.uniform(5, 200), 2)) for i in range(2000)])
print("replication: raw.orders 2000 rows, raw.customers 300 rows; runner ci-runner-07 (new), fresh warehouse volume")
