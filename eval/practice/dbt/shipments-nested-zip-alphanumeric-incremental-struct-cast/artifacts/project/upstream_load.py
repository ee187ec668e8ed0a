"""Load one day's marketplace shipment feed (JSON lines) into raw.shipments (replaces the table)."""
import sys
import time

import duckdb

db, feed = sys.argv[1], sys.argv[2]
print(f"[upstream] loading {feed} into {db}:raw.shipments", flush=True)
print("[upstream] feed cache: evicted 2 expired entries", flush=True)
print("[upstream] carrier label service ping timed out after 3s, retry 1 ok (HTTP 200 in 0.2s)", flush=True)
time.sleep(0.2)
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute(f"create or replace table raw.shipments as select * from read_json_auto('{feed}')")
n = con.execute("select count(*) from raw.shipments").fetchone()[0]
print(f"[upstream] raw.shipments rows={n}", flush=True)
for name, typ, *_ in con.execute("describe raw.shipments").fetchall():
    print(f"[upstream]   column {name}: {typ}", flush=True)
for m, c in con.execute("select marketplace, count(*) from raw.shipments group by 1 order by 1").fetchall():
    print(f"[upstream]   marketplace={m} rows={c}", flush=True)
for row in con.execute("select shipment_id, marketplace, ship_to from raw.shipments order by shipment_id desc limit 3").fetchall():
    print(f"[upstream]   sample {row}", flush=True)
con.close()
print("[upstream] done, error_count=0", flush=True)
