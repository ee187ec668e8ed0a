"""Upstream: the marketplace feed collector writes today's product feed (NDJSON) into landing/.

Since the vendor's 2026-12 release, records may carry the main image inline as image_base64.
"""
import base64
import json
import os
import random
import sys

day = sys.argv[1] if len(sys.argv) > 1 else "2026-12-07"
os.makedirs("landing", exist_ok=True)
r = random.Random(48)
path = f"landing/product_feed_{day}.jsonl"
with open(path, "w") as fh:
    for i in range(1, 3001):
        rec = {"sku": f"MK-{i:06d}", "title": f"Item {i}", "brand": r.choice(["Acme", "Nordlys", "Fjell"]),
               "category_path": r.choice(["home/kitchen", "garden/tools", "toys/outdoor"]),
               "price": round(r.uniform(3, 300), 2), "in_stock": r.random() > 0.1}
        if i == 1842:
            rec["image_base64"] = base64.b64encode(os.urandom(13_000_000)).decode()
        fh.write(json.dumps(rec) + "\n")
print(f"collector: wrote 3000 records to {path} ({os.path.getsize(path)} bytes)")
