"""Stand-in for the nightly basket extract (parquet)."""
import os
import duckdb
os.makedirs("/tmp/h42-spark/landing/baskets/dt=2026-12-06", exist_ok=True)
duckdb.sql("""
copy (
  select range as basket_id,
         'S' || lpad(cast(1 + hash(range) % 30 as varchar), 2, '0') as store_id,
         cast(1 + hash(range * 7) % 25 as int) as items,
         round(exp(3.2 + 0.7 * (random() * 2 - 1)), 2) as basket_value,
         '2026-12-06' as sale_date
  from range(60000)
) to '/tmp/h42-spark/landing/baskets/dt=2026-12-06/part-0.parquet' (format parquet)
""")
print("wrote 60000 baskets")
