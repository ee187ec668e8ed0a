"""Upstream collector: lands the day's mobile SDK events into raw.device_events.

SDK 5.0 (rolled out to ~3% of devices on 2026-12-06) encodes payloads as URL-safe base64 without '=' padding.
"""
import base64
import json
import random
import sys

import duckdb

path = sys.argv[1]
rng = random.Random(9)
con = duckdb.connect(path)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.device_events (event_id integer, device_id varchar, sdk_version varchar, received_at timestamp, payload_b64 varchar)")
rows = []
for i in range(1, 4001):
    doc = json.dumps({"screen": rng.choice(["home", "search", "product", "cart"]), "ms": rng.randint(50, 9000), "seq": i}).encode()
    if i % 33 == 0:
        sdk, b64 = "5.0.0", base64.urlsafe_b64encode(doc).decode().rstrip("=")
    else:
        sdk, b64 = "4.12.3", base64.b64encode(doc).decode()
    rows.append((i, f"dev-{rng.randint(1, 700):04d}", sdk, i * 20, b64))
con.executemany("insert into raw.device_events values (?, ?, ?, timestamp '2026-12-06' + to_seconds(?), ?)", rows)
print("loaded raw.device_events:", con.execute("select count(*) from raw.device_events").fetchone()[0])
print(con.execute("select sdk_version, count(*) from raw.device_events group by 1 order by 1").fetchall())
con.close()
