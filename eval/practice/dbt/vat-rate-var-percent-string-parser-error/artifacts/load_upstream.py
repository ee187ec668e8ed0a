"""Upstream loader: billing system invoice lines -> raw.invoice_lines."""
import duckdb, random, sys
random.seed(11)
db = sys.argv[1]
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.invoice_lines (invoice_id bigint, line_no integer, sku varchar, quantity integer, net_amount decimal(12,2), invoiced_on date)")
rows = [(70000 + i // 3, i % 3 + 1, f"SKU-{random.randint(1, 400):04d}", random.randint(1, 5), round(random.uniform(4, 300), 2), "2026-12-07") for i in range(1500)]
con.executemany("insert into raw.invoice_lines values (?,?,?,?,?,?)", rows)
print("2026-12-08 03:02:18 INFO billing-loader: loaded 1500 invoice lines for 2026-12-07 (schema unchanged, 0 rejected)")
print("2026-12-08 03:02:18 INFO billing-loader: done, error_count=0")
