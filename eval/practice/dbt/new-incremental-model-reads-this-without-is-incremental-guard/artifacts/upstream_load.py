"""Upstream loader: lands the WMS stock moves into raw.stock_moves (DuckDB)."""
import random
import sys
import duckdb

db = sys.argv[1]
random.seed(45)
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.stock_moves (move_id bigint, sku varchar, warehouse_id varchar, qty varchar, move_type varchar, moved_at varchar)")
rows = [
    (i, f"SKU-{random.randint(1, 800):05d}", random.choice(["WH-BER", "WH-HAM", "WH-MUC"]), str(random.randint(1, 60)),
     random.choice(["IN", "OUT", "OUT"]), f"2026-12-0{random.randint(1, 6)} {random.randint(0, 23):02d}:{random.randint(0, 59):02d}:00")
    for i in range(1, 8001)
]
con.executemany("insert into raw.stock_moves values (?, ?, ?, ?, ?, ?)", rows)
print(f"loaded {len(rows)} stock moves into raw.stock_moves ({db}); WMS export retry count 0")
