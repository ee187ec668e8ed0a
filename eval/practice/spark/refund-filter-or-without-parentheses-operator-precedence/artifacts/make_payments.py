"""Input maker: yesterday's payments extract (CSV with header)."""
import csv
import random
import sys
from pathlib import Path

out = Path(sys.argv[1])
out.parent.mkdir(parents=True, exist_ok=True)
random.seed(45)
with out.open("w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["payment_id", "order_id", "store_id", "status", "is_chargeback", "amount"])
    for i in range(1, 6001):
        status = random.choice(["PAID"] * 8 + ["REFUNDED", "FAILED"])
        w.writerow([f"P{i:07d}", f"O{i:07d}", f"S{random.randint(1, 30):03d}", status,
                    "true" if random.random() < 0.01 else "false", f"{random.uniform(2, 400):.2f}"])
print(f"wrote {out}")
