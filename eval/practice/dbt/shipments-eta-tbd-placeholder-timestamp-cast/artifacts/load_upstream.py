# "upstream" loader: writes the raw tables the shipping project reads.
import duckdb
con = duckdb.connect("/tmp/pr38-dbt-ship/warehouse.duckdb")
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.shipments (shipment_id int, carrier varchar, shipped_at varchar, eta varchar)")
rows = [(i, ["DHL", "PostNL", "UPS"][i % 3], f"2026-12-06 {8 + i % 10:02d}:15:00",
         ("TBD" if i in (311, 517, 802) else f"2026-12-0{8 + i % 2} 1{i % 10}:00:00")) for i in range(1, 1001)]
con.executemany("insert into raw.shipments values (?, ?, ?, ?)", rows)
con.execute("create or replace table raw.web_orders (order_id int, ordered_at timestamp, channel varchar)")
con.execute("create or replace table raw.store_orders (order_id int, channel varchar, ordered_at timestamp)")
con.execute("insert into raw.web_orders select i, timestamp '2026-12-06 00:00:00' + i * interval 1 minute, 'web' from range(1, 600) t(i)")
con.execute("insert into raw.store_orders select 10000 + i, 'store', timestamp '2026-12-06 08:00:00' + i * interval 2 minute from range(1, 300) t(i)")
con.execute("create or replace table raw.store_sales (store_id int, revenue_cents bigint, cost_cents bigint)")
con.execute("insert into raw.store_sales select 1 + (i % 8), 2000 + (i * 37) % 900, 1300 + (i * 37) % 500 from range(0, 4000) t(i)")
print("upstream load done:", con.execute("select count(*) from raw.shipments").fetchone()[0], "shipments")
