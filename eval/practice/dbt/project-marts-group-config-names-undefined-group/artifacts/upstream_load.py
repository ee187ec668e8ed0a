"""Upstream loader: lands the shop's orders into raw.orders (DuckDB)."""
import random
import sys
import duckdb

db = sys.argv[1]
random.seed(45)
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.orders (order_id integer, store_id varchar, ordered_at varchar, amount double, status varchar)")
rows = [
    (i, f"S{random.randint(1, 40):03d}", f"2026-12-0{random.randint(1, 6)} {random.randint(8, 20):02d}:15:00",
     round(random.uniform(5, 300), 2), random.choice(["paid", "paid", "shipped", "cancelled", "test"]))
    for i in range(1, 5001)
]
con.executemany("insert into raw.orders values (?, ?, ?, ?, ?)", rows)
print(f"loaded {len(rows)} orders into raw.orders ({db}); cache warm-up evicted 0 entries")
