"""Stand-in for the shop's raw loader: raw.orders as the web shop and POS write it."""
import duckdb, random
random.seed(5)
con = duckdb.connect("/tmp/h42-dbt-shop/shop.duckdb")
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.orders (order_id bigint, customer_id varchar, status varchar, amount double, created_at varchar)")
statuses = ["placed", "paid", "shipped", "delivered", "delivered", "returned", "cancelled", " shipped"]
rows = [(i, f"C{random.randint(1, 800):04d}", random.choice(statuses), round(random.uniform(4, 320), 2), f"2026-12-06 {random.randint(0,23):02d}:{random.randint(0,59):02d}:00") for i in range(1, 2001)]
con.executemany("insert into raw.orders values (?, ?, ?, ?, ?)", rows)
print("loaded", len(rows), "rows into raw.orders")
