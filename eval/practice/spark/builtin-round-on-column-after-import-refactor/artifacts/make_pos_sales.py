"""Stand-in for the POS export: one day's sales lines as CSV."""
import csv
import random
from pathlib import Path

random.seed(41)
out = Path("/tmp/h40-spark/input/pos_sales/dt=2026-12-06")
out.mkdir(parents=True, exist_ok=True)
with open(out / "part-0.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["receipt_id", "store_id", "sku", "qty", "amount"])
    for i in range(3000):
        w.writerow([f"R{i:06d}", f"S{random.randint(1, 12):02d}", f"SKU-{random.randint(1000, 1300)}",
                    random.randint(1, 5), round(random.uniform(5, 400), 2)])
print("wrote 3000 rows to", out)
