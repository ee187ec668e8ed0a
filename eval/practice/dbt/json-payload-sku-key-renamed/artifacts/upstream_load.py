"""Upstream loader: lands the raw tables into warehouse.duckdb (schema raw)."""
import json, random, sys
import duckdb
random.seed(7)
db = duckdb.connect("/tmp/pr24/dbt/data/warehouse.duckdb")
db.execute("create schema if not exists raw")
print("upstream: connected to /tmp/pr24/dbt/data/warehouse.duckdb")
db.execute("create or replace table raw.raw_customers as select i as customer_id, 'Customer ' || i as full_name, 'C' || i || '@EXAMPLE.COM' as email, case when i % 5 = 0 then 'inactive' else 'active' end as is_active, timestamp '2026-01-01' + to_days(i) as signed_up_at from range(1, 301) t(i)")
db.execute("create or replace table raw.raw_invoices as select i as invoice_id, i % 300 + 1 as customer_id, '2026-12-06' as invoice_date, round(80 + (i * 37.13) % 2400, 2)::double as net_amount, round((80 + (i * 37.13) % 2400) * 0.19, 2)::double as vat_amount from range(1, 501) t(i)")
db.execute("create or replace table raw.raw_orders as select i as order_id, timestamp '2026-12-06 00:00:00' + to_minutes(i) as order_ts, round(5 + (i * 3.7) % 200, 2) as amount from range(1, 1201) t(i)")
db.execute("create or replace table raw.raw_stores as select i as store_id, 'Store ' || i as name, lpad((10000 + i * 17)::varchar, 5, '0') as postcode from range(1, 13) t(i)")
rows = []
for i in range(1, 801):
    key = "sku" if i <= 560 else "product_sku"   # producer v2.4 rolled out mid-day
    rows.append((i, 1000 + i // 3, json.dumps({key: f"SKU-{i % 90:04d}", "qty": random.randint(1, 4), "unit_price": round(random.uniform(2, 90), 2)}), f"2026-12-06 {min(23, i // 34):02d}:00:00"))
db.execute("create or replace table raw.raw_order_lines (line_id integer, order_id integer, payload varchar, loaded_at timestamp)")
db.executemany("insert into raw.raw_order_lines values (?, ?, ?, ?)", rows)
for t in ["raw_customers", "raw_invoices", "raw_orders", "raw_stores", "raw_order_lines"]:
    print(f"upstream: loaded raw.{t}: {db.execute(f'select count(*) from raw.{t}').fetchone()[0]} rows")
db.close()
