"""Stand-in for the order service export: order references as JSON lines."""
import json
import random
from pathlib import Path

random.seed(42)
out = Path("/tmp/h40-spark/input/orders/dt=2026-12-06")
out.mkdir(parents=True, exist_ok=True)
with open(out / "orders.jsonl", "w") as fh:
    for i in range(2500):
        fh.write(json.dumps({"order_ref": f"ORD-2026-{100000 + i:06d}", "channel": random.choice(["web", "app", "store"]),
                             "amount": round(random.uniform(10, 900), 2)}) + "\n")
print("wrote 2500 orders to", out)
