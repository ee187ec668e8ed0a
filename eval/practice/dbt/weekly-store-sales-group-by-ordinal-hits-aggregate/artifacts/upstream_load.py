"""Stand-in for the POS loader into raw.pos_sales."""
import random
import sys

import duckdb

random.seed(11)
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.pos_sales (sale_id bigint, store_id varchar, sold_at timestamp, sku varchar, net_amount decimal(10,2))")
rows = [(900000 + i, f"S{100 + i % 9}", f"2026-12-{1 + i % 7:02d} {9 + i % 10:02d}:15:00", f"SKU{3000 + i % 120}",
         round(random.uniform(1, 90), 2)) for i in range(2500)]
con.executemany("insert into raw.pos_sales values (?, ?, ?, ?, ?)", rows)
print(f"pos loader: loaded {len(rows)} sales for 2026-12-01..2026-12-07; 1 connection retried after timeout, recovered")
