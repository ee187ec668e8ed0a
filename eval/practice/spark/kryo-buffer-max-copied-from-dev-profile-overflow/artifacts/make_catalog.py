"""Stand-in for the PIM catalog export (parquet) the job turns into a lookup."""
import os
import duckdb
os.makedirs("/tmp/h42-spark/landing/catalog", exist_ok=True)
duckdb.sql("""
copy (
  select 'SKU-' || lpad(cast(range as varchar), 6, '0') as sku,
         (['grocery', 'home', 'toys', 'garden', 'electronics'])[1 + range % 5] as category,
         md5(cast(range as varchar)) || md5(cast(range * 3 as varchar)) || md5(cast(range * 7 as varchar)) || md5(cast(range * 11 as varchar)) || md5(cast(range * 13 as varchar)) as search_blob,
         round(0.5 + random() * 300, 2) as price
  from range(40000)
) to '/tmp/h42-spark/landing/catalog/catalog.parquet' (format parquet)
""")
print("wrote 40000 catalog rows")
