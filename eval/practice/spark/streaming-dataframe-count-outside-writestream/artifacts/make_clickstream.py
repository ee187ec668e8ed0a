"""Lands three clickstream JSON-lines files, as the web collector writes them."""
import json
import os
import random
from datetime import datetime, timedelta

random.seed(49)
landing = "/tmp/h49-spark/clickstream/landing"
os.makedirs(landing, exist_ok=True)
base = datetime(2026, 12, 6, 9, 0, 0)
for part in range(3):
    with open(os.path.join(landing, f"collector-{part:03d}.json"), "w") as fh:
        for i in range(2000):
            ts = base + timedelta(seconds=part * 1800 + i)
            fh.write(json.dumps({
                "event_id": f"e{part}-{i}",
                "session_id": f"s{random.randint(1, 400)}",
                "event_type": random.choice(["page_view", "page_view", "click", "scroll"]),
                "page": random.choice(["/", "/sale", "/cart", "/product/123", "/product/77"]),
                "event_ts": ts.strftime("%Y-%m-%dT%H:%M:%S"),
            }) + "\n")
