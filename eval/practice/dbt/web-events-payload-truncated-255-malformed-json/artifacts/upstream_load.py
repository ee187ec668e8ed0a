"""Stand-in for the web-events replication into raw.web_events (connector re-created on 2026-12-07)."""
import json
import random
import sys

import duckdb

random.seed(7)
db = sys.argv[1]
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.web_events (event_id bigint, event_ts timestamp, event_type varchar, payload varchar)")
print("replication: connector web_events_v2 created 2026-12-07T02:10Z")
print("replication: column mapping payload jsonb -> VARCHAR(255) (default string length)")
print("replication: warning: 0 rows rejected, memory buffer 64 MiB, 0 batches evicted")
rows = []
for i in range(600):
    items = [{"sku": f"SKU{1000 + random.randint(0, 400)}", "qty": random.randint(1, 4), "price": round(random.uniform(1, 60), 2)}
             for _ in range(random.randint(1, 6))]
    doc = {"session_id": f"s-{i:06d}", "page": "/checkout", "cart": {"items": items, "currency": "EUR",
           "total": round(sum(x["qty"] * x["price"] for x in items), 2)}, "device": "web"}
    payload = json.dumps(doc)[:255]
    rows.append((500000 + i, f"2026-12-07 {8 + i % 12:02d}:{i % 60:02d}:00", "checkout", payload))
con.executemany("insert into raw.web_events values (?, ?, ?, ?)", rows)
print(f"replication: upserted {len(rows)} rows into raw.web_events")
