"""Land the carriers' SLA sheet (exported by the carrier-management tool) into raw.carrier_slas."""
import sys
import duckdb

db, path = sys.argv[1], sys.argv[2]
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute(f"create or replace table raw.carrier_slas as select * from read_csv('{path}', header=true, all_varchar=true)")
n = con.execute("select count(*), count(distinct carrier) from raw.carrier_slas").fetchone()
print(f"landed {n[0]} SLA rows for {n[1]} carriers from {path}")
con.execute("create table if not exists raw.shipments as select * from read_csv('" + path.rsplit('/', 2)[0] + "/landing/shipments.csv', header=true)")
print("shipments table present:", con.execute("select count(*) from raw.shipments").fetchone()[0], "rows")
