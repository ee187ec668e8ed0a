"""Stand-in for the catalog vendor's daily drop (their export service was upgraded to v3 over the weekend)."""
import json
import random
import sys
from pathlib import Path

out = Path(sys.argv[1])
out.parent.mkdir(parents=True, exist_ok=True)
random.seed(45)
brands = ["acme", "globex", "initech", "umbrella"]
with out.open("w", encoding="utf-8") as fh:
    for i in range(1, 3001):
        fh.write(json.dumps({
            "sku": f"SKU-{i:05d}",
            "title": f"Product {i}",
            "brand": random.choice(brands),
            "list_price": round(random.uniform(2, 250), 2),
            "updated_at": f"2026-12-0{random.randint(1, 6)}T0{random.randint(0, 9)}:00:00",
        }) + "\n")
print(f"vendor export service v3.0.1: wrote {out} (3000 products, format=ndjson, one object per line)")
