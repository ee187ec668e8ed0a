"""Upstream loader: lands yesterday's web events into raw.web_events on the warehouse volume."""
import os
import random
import shutil
import sys
import duckdb

db = sys.argv[1]
random.seed(45)
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.web_events as select i as event_id, md5(i::varchar) as session_id, "
            "(['view','click','add_to_cart','checkout'])[1 + i % 4] as event_type, "
            "'/p/' || md5((i * 7)::varchar) as page, "
            "timestamp '2026-12-06 00:00:00' + to_seconds(i % 86400) as event_ts from range(1, 20001) t(i)")
con.execute("checkpoint")
con.close()
du = shutil.disk_usage(os.path.dirname(db))
print(f"loaded 20000 events into raw.web_events ({db}); volume free {du.free / 1e6:.1f} MB of {du.total / 1e6:.1f} MB")
