"""Upstream loader: lands orders into raw."""
import duckdb, random, sys
c = duckdb.connect(sys.argv[1]); random.seed(11)
c.execute("create schema if not exists raw")
c.execute("create or replace table raw.orders (order_id integer, customer_id integer, order_date date, amount decimal(12,2), status varchar)")
rows = [(i, random.randint(1, 90), f"2026-{random.randint(1,11):02d}-{random.randint(1,28):02d}", round(random.uniform(10, 500), 2), random.choice(["shipped", "delivered", "returned"])) for i in range(1, 1201)]
c.executemany("insert into raw.orders values (?,?,?,?,?)", rows)
print(f"[loader] landed raw.orders rows={len(rows)} status=OK")
