"""Load the till receipts export (CSV) into raw.receipts."""
import sys

import duckdb

db, csv = sys.argv[1], sys.argv[2]
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute(f"""create or replace table raw.receipts as select * from read_csv('{csv}', header=true,
  columns={{'store_no':'VARCHAR','till_no':'VARCHAR','receipt_no':'VARCHAR','business_date':'VARCHAR','total_amount':'VARCHAR','payment_type':'VARCHAR'}})""")
n = con.execute("select count(*) from raw.receipts").fetchone()[0]
dups = con.execute("select count(*) from (select store_no, till_no, receipt_no, business_date from raw.receipts group by all having count(*) > 1)").fetchone()[0]
stores = con.execute("select string_agg(distinct store_no, ',' order by store_no::int) from raw.receipts").fetchone()[0]
tills = con.execute("select min(till_no::int), max(till_no::int) from raw.receipts").fetchone()
print(f"[upstream] raw.receipts rows={n} stores={stores} tills={tills[0]}..{tills[1]}")
print(f"[upstream] duplicate (store_no, till_no, receipt_no, business_date) tuples: {dups}")
con.close()
