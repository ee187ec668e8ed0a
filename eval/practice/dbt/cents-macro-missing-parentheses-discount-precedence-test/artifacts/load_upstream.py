"""Upstream loader: shop orders -> raw.orders (amounts in cents, as always)."""
import duckdb, random, sys
random.seed(5)
db = sys.argv[1]
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.orders (order_id bigint, customer_id bigint, gross_cents bigint, discount_cents bigint, ordered_on date)")
rows = []
for i in range(1, 3001):
    gross = random.randint(500, 40000)
    disc = random.choice([0, 0, 0, int(gross * 0.1), 500])
    rows.append((i, random.randint(1, 800), gross, min(disc, gross), "2026-12-07"))
con.executemany("insert into raw.orders values (?,?,?,?,?)", rows)
print("2026-12-08 02:30:55 INFO shop-loader: loaded 3000 orders for 2026-12-07 (amounts in cents, schema unchanged)")
print("2026-12-08 02:30:55 WARN shop-loader: 1 slow query on source replica (12.4s), retried OK")
print("2026-12-08 02:30:55 INFO shop-loader: done, error_count=0")
