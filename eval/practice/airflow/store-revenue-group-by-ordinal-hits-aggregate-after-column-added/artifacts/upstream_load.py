"""Land the till takings for one day (stand-in for the POS export)."""
import sys
import duckdb

db, ds = sys.argv[1], sys.argv[2]
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute(f"""create or replace table raw.till_takings as
  select 'T' || i as receipt_id, 'S' || lpad(((i % 23) + 1)::varchar, 3, '0') as store_id,
         date '{ds}' - (i % 3)::int as business_date, round(3 + (i * 13.7) % 120, 2) as amount,
         case when i % 41 = 0 then 'refund' else 'sale' end as kind
  from range(1, 5001) t(i)""")
print("landed", con.execute("select count(*) from raw.till_takings").fetchone()[0], "receipts")
print("WARNING: 3 tills in store S017 reported clock drift > 90s; receipts kept as sent")
