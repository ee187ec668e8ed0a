"""Upstream loader: lands product master rows into raw."""
import duckdb, sys
c = duckdb.connect(sys.argv[1])
c.execute("create schema if not exists raw")
c.execute("create or replace table raw.products as select i as product_id, 'SKU' || lpad(i::varchar, 6, '0') as sku from range(1, 301) t(i)")
print("[loader] landed raw.products rows=300 status=OK")
