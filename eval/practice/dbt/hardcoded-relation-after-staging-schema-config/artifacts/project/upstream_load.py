import duckdb, os
p = "/tmp/pr25/dbt/hardcoded-relation-after-staging-schema-config/warehouse.duckdb"
if os.path.exists(p): os.remove(p)   # prod warehouse is rebuilt from scratch nightly
con = duckdb.connect(p)
con.execute("create table raw_orders as select range as order_id, date '2026-12-01' + (range % 6)::int as order_date, (range % 90 + 10)::decimal(10,2) as amount from range(1, 3001)")
print("upstream: loaded raw_orders rows=3000 into fresh warehouse")
