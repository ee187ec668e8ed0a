"""Test fixture: the clickstream producer's hourly output for one day, 40 small part files."""
import os
import random
import sys

import pyarrow as pa
import pyarrow.parquet as pq

part = sys.argv[1]
os.makedirs(part, exist_ok=True)
r = random.Random(48)
for i in range(40):
    n = 2500
    pq.write_table(pa.table({
        "event_id": [i * n + j for j in range(n)],
        "session_id": [None if r.random() < 0.01 else f"s{r.randrange(20000)}" for _ in range(n)],
        "site_id": [r.randrange(1, 9) for _ in range(n)],
        "ts": [1796601600 + i * 2000 + j for j in range(n)],
        "url": [f"/p/{r.randrange(5000)}" for _ in range(n)],
    }), os.path.join(part, f"part-{i:05d}.parquet"))
