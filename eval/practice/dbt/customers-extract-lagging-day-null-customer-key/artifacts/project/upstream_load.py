"""Upstream loader: lands the CRM customers extract and the shop orders into raw.*"""
import duckdb, logging, sys
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [raw_loader] %(message)s")
log = logging.getLogger("raw_loader")
con = duckdb.connect("/tmp/pr34-dbt-customers/shop.duckdb")
con.execute("create schema if not exists raw")
# the CRM export job for 2026-12-06 did not finish; the landing folder still holds the 2026-12-05 file
con.execute("""create or replace table raw.customers as
  select i as customer_id, 'cust_' || i as name, date '2026-11-01' + (i % 30)::int as signup_date,
         date '2026-12-05' as extract_as_of
  from range(1, 201) t(i)""")
log.info("customers extract as_of=2026-12-05 loaded (200 rows); expected as_of=2026-12-06 - using latest available")
con.execute("""create or replace table raw.orders as
  select 5000 + i as order_id, case when i < 497 then 1 + (i % 200) else 200 + (i - 496) end as customer_id,
         timestamp '2026-12-06 08:00:00' + to_minutes(i::bigint) as ordered_at, 10 + (i % 50) * 1.5 as amount
  from range(0, 500) t(i)""")
log.info("orders for 2026-12-06 loaded (500 rows)")
