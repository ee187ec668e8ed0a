"""Load the PIM supplier catalogue export into raw.supplier_catalog (text columns)."""
import sys

import duckdb

db, csv = sys.argv[1], sys.argv[2]
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute(f"create or replace table raw.supplier_catalog as select * from read_csv('{csv}', header=true, all_varchar=true)")
print(f"[upstream] raw.supplier_catalog rows={con.execute('select count(*) from raw.supplier_catalog').fetchone()[0]}")
print("[upstream] rows by supplier and export:", con.execute("select supplier_id, export_source, count(*) from raw.supplier_catalog group by 1, 2 order by 1").fetchall())
print("[upstream] gtin length histogram:", con.execute("select length(gtin), count(*) from raw.supplier_catalog group by 1 order by 1").fetchall())
con.close()
