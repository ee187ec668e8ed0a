"""Upstream loader: lands the raw shop tables into the warehouse (raw schema)."""
import duckdb, sys, datetime
db = sys.argv[1]
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute("""create or replace table raw.customers as select i::integer as customer_id, 'Customer '||i as customer_name,
  (['gold','silver','bronze'])[(i%3)+1] as tier, timestamp '2026-12-01 08:00:00' + to_hours(i) as updated_at from range(1,201) t(i)""")
con.execute("""create or replace table raw.orders as select i::integer as order_id, ((i%200)+1)::integer as customer_id,
  timestamp '2026-12-05 00:00:00' + to_minutes(i*3) as ordered_at,
  case when i%5=0 then null else timestamp '2026-12-05 00:00:00' + to_minutes(i*3) + to_hours(20 + i%30) end as shipped_at,
  round(10 + (i*37 % 5000)/100.0, 2)::decimal(10,2) as amount, round((i%4)*1.5,2)::decimal(10,2) as discount_amount,
  (['placed','shipped','delivered'])[(i%3)+1] as status from range(1,1201) t(i)""")
con.execute("""create or replace table raw.refunds as select i::integer as refund_id, ((i*7 % 1200)+1)::integer as order_id,
  round(2 + (i*11 % 900)/100.0, 2)::decimal(10,2) as refund_amount, timestamp '2026-12-06 09:00:00' + to_minutes(i) as refunded_at from range(1,81) t(i)""")
con.execute("""create or replace table raw.payments as select i::integer as payment_id, ((i%1200)+1)::integer as order_id, round(10 + (i*37 % 5000)/100.0,2)::decimal(10,2) as amount,
  date '2026-12-05' as paid_on from range(1,1001) t(i)""")
for t in ("customers", "orders", "refunds", "payments"):
    print(f"INFO upstream_load: raw.{t} rows={con.sql(f'select count(*) from raw.{t}').fetchall()[0][0]}")
con.close()
