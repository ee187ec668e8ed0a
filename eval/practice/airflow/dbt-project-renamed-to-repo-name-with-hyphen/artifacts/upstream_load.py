"""Load the web-shop orders extract for one day into raw.orders (stand-in for the shop's nightly export)."""
import sys
import duckdb

db, ds = sys.argv[1], sys.argv[2]
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.orders as select 'W' || i as order_id, 100 + (i % 17) as customer_id, "
            "round(10 + (i * 7.3) % 90, 2) as amount, date '" + ds + "' as order_date from range(1, 801) t(i)")
print("loaded", con.execute("select count(*) from raw.orders").fetchone()[0], "orders for", ds)
