"""Stand-in for the order service's nightly export: one parquet file per day.
Release 2026-12-06 of the order service (export schema v2) renamed customer_id to customer_ref."""
import duckdb, random
random.seed(11)
con = duckdb.connect()
for day, cust_col in [("2026-12-04", "customer_id"), ("2026-12-05", "customer_id"), ("2026-12-06", "customer_ref")]:
    rows = []
    base = {"2026-12-04": 10000, "2026-12-05": 20000, "2026-12-06": 30000}[day]
    for i in range(300):
        rows.append((base + i, f"C{random.randint(1, 500):05d}", round(random.uniform(3, 250), 2), f"{day} {random.randint(0,23):02d}:{random.randint(0,59):02d}:00"))
    con.execute("create or replace table t (order_id bigint, %s varchar, amount double, order_ts timestamp)" % cust_col)
    con.executemany("insert into t values (?, ?, ?, ?)", rows)
    path = f"/tmp/h42-dbt-lake/landing/orders/orders_{day}.parquet"
    con.execute(f"copy t to '{path}' (format parquet)")
    print(f"exported {len(rows)} orders to {path} ({cust_col})")
