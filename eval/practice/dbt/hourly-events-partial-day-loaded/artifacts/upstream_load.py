"""'Upstream' loader: lands raw tables into the ledger DuckDB (what the ingestion team runs)."""
import random
import duckdb

random.seed(22)
con = duckdb.connect("/tmp/pr22/dbt/ledger.duckdb")
con.execute("create schema if not exists raw")
con.execute("""create or replace table raw.card_payments as
  select 'P'||i as payment_id, 1000+i as order_id, round(random()*200, 2)::decimal(10,2) as amount,
         timestamp '2026-12-06 08:00' + to_minutes(i) as paid_at from range(800) t(i)""")
con.execute("""create or replace table raw.refunds as
  select 'R'||i as refund_id, 1000+i*7 as order_id, round(random()*50, 2)::decimal(10,2) as amount,
         timestamp '2026-12-06 12:00' + to_minutes(i) as refunded_at,
         (['damaged','late','wrong_size'])[1 + i % 3] as reason from range(60) t(i)""")
print("loaded raw.card_payments rows=800, raw.refunds rows=60")
# hourly batches for 2026-12-05 (complete) and 2026-12-06 (loads for hours 17-23 not arrived yet)
con.execute("""create or replace table raw.hourly_events as
  select i as event_id, date '2026-12-05' + (i // 24000)::int as event_date, (i // 1000) % 24 as load_hour,
         (['view','click','purchase'])[1 + i % 3] as event_type, i % 5000 as user_id
  from range(48000) t(i) where not (i >= 24000 and (i // 1000) % 24 >= 17)""")
for d, h, n in con.execute("select event_date, count(distinct load_hour), count(*) from raw.hourly_events group by 1 order by 1").fetchall():
    print(f"raw.hourly_events event_date={d} hours_loaded={h} rows={n}")
# orders export, producer schema v3
con.execute("""create or replace table raw.orders_export as
  select 50000+i as order_id, 1+i%900 as customer_id, (1000 + (i*7919) % 250000)::bigint as amount,
         date '2026-12-06' as order_date from range(1200) t(i)""")
print("loaded raw.orders_export rows=1200 producer_schema_version=3 (orders-service export: amount as integer minor units)")
print(con.execute("select min(amount), max(amount) from raw.orders_export").fetchall())
con.close()
