"""Upstream loader stand-in: the orders extractor. Today it re-landed yesterday's batch
(its own extraction window did not advance), so _loaded_at is ~30 hours old."""
import datetime as dt
import duckdb, sys
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.orders (order_id int, amount decimal(10,2), _loaded_at timestamp)")
con.execute("create or replace table raw.customers (customer_id int, name varchar)")
stale = dt.datetime.now() - dt.timedelta(hours=30)
con.execute("insert into raw.orders select i, i * 1.5, ? from range(1, 2001) t(i)", [stale])
con.execute("insert into raw.customers select i, 'c' || i from range(1, 301) t(i)")
print("[extractor] landed 2000 orders; last extract window 2026-12-06; retrying window advance ... skipped")
