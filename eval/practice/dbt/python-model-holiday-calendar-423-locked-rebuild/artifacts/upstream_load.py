"""'Upstream' loader: lands workforce-management shifts into raw.shifts."""
import duckdb

con = duckdb.connect("/tmp/h49-dbt/staffing/staffing.duckdb")
con.execute("create schema if not exists raw")
con.execute("""create or replace table raw.shifts as
  select i as shift_id,
         100 + i % 12 as store_id,
         timestamp '2026-11-01 07:00:00' + to_days((i % 36)::int) + to_hours((i % 3)::int) as shift_start,
         timestamp '2026-11-01 15:00:00' + to_days((i % 36)::int) + to_hours((i % 3)::int) as shift_end
  from range(4000) t(i)""")
print("raw.shifts rows:", con.execute("select count(*) from raw.shifts").fetchone()[0])
con.close()
