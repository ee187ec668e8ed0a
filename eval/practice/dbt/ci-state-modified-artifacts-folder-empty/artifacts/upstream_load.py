"""'Upstream' loader: seeds the CI warehouse with a PIM products sample."""
import duckdb

con = duckdb.connect("/tmp/h49-dbt/catalog/ci.duckdb")
con.execute("create schema if not exists raw")
con.execute("""create or replace table raw.products as
  select 'SKU-' || lpad(i::varchar, 5, '0') as sku,
         'Product ' || i as product_name,
         (['Garden','Kitchen','Toys','Tools'])[1 + i % 4] as category,
         round(2.5 + (i % 60) * 1.7, 2) as list_price_eur,
         i % 11 <> 0 as is_active
  from range(800) t(i)""")
print("raw.products rows:", con.execute("select count(*) from raw.products").fetchone()[0])
con.close()
