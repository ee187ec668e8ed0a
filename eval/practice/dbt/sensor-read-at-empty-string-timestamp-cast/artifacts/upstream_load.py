"""Upstream loader: lands the plant's raw tables into plant.duckdb (schema raw)."""
import random
import sys
import duckdb

random.seed(32)
con = duckdb.connect("/tmp/pr32-dbt-plant/plant.duckdb")
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.sensor_readings (sensor_id varchar, line_id int, read_at varchar, value varchar)")
rows = []
for i in range(400):
    ts = f"2026-12-06 {i % 24:02d}:{i % 60:02d}:00"
    # the gateway firmware 4.2 rolled out on line 7 writes an empty read_at when its clock is not synced
    if i % 37 == 5:
        ts = ""
    rows.append((f"S-{i % 40:03d}", 7 if i % 37 == 5 else i % 6 + 1, ts, f"{random.uniform(10, 90):.2f}"))
con.executemany("insert into raw.sensor_readings values (?, ?, ?, ?)", rows)
con.execute("create or replace table raw.work_orders (work_order_id int, line_id int, opened_at timestamp, priority int)")
con.executemany("insert into raw.work_orders values (?, ?, ?, ?)",
                [(5000 + i, i % 6 + 1, f"2026-12-06 0{i % 10}:15:00", i % 5) for i in range(120)])
con.execute("create or replace table raw.shifts (line_id int, shift_date date, hours double)")
con.executemany("insert into raw.shifts values (?, ?, ?)", [(i % 6 + 1, "2026-12-06", 8.0) for i in range(30)])
con.execute("create or replace table raw.orders (order_id int, country varchar, net_amount varchar)")
con.executemany("insert into raw.orders values (?, ?, ?)",
                [(70000 + i, random.choice(["NO", "SE", "DK"]), f"{random.uniform(5, 500):.2f}") for i in range(200)])
con.close()
print("upstream load complete: sensor_readings=400 work_orders=120 shifts=30 orders=200", file=sys.stderr)
