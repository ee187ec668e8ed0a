import duckdb, random, sys, datetime
random.seed(9)
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.stock_levels (warehouse_id varchar, sku varchar, on_hand integer, reserved integer, counted_at timestamp)")
rows = [(random.choice(['WH-HAM','WH-MUC','WH-RTM']), f"SKU-{i%900}", random.randint(0, 500), random.randint(0, 20), datetime.datetime(2026,12,7,3) + datetime.timedelta(seconds=i)) for i in range(3000)]
con.executemany("insert into raw.stock_levels values (?,?,?,?,?)", rows)
print(f"wms stock export loaded rows={len(rows)}; 0 counts killed as stale, timeout=none")
