"""Load the ERP product master and today's supplier ASN files into raw (all columns as text)."""
import sys

import duckdb

db, products_csv, asn_csv = sys.argv[1], sys.argv[2], sys.argv[3]
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute(f"create or replace table raw.products as select * from read_csv('{products_csv}', header=true, all_varchar=true)")
con.execute(f"create or replace table raw.supplier_deliveries as select * from read_csv('{asn_csv}', header=true, all_varchar=true)")
for t in ("products", "supplier_deliveries"):
    print(f"[upstream] raw.{t} rows={con.execute(f'select count(*) from raw.{t}').fetchone()[0]}")
print("[upstream] supplier_deliveries by supplier:", con.execute("select supplier_id, count(*) from raw.supplier_deliveries group by 1 order by 1").fetchall())
print("[upstream] supplier_deliveries sku length histogram:", con.execute("select length(sku), count(*) from raw.supplier_deliveries group by 1 order by 1").fetchall())
print("[upstream] sample rows:", con.execute("select * from raw.supplier_deliveries where supplier_id = 'SUP-0417' limit 3").fetchall())
con.close()
