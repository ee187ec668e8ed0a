"""Upstream: the POS exporter lands the day's basket lines. Since the POS vendor's 2026-12 update the
same export also carries returns processed at the till, as lines with a negative qty and amount."""
import csv
import os
import random
import sys

day = sys.argv[1] if len(sys.argv) > 1 else "2026-12-07"
os.makedirs("landing", exist_ok=True)
r = random.Random(48)
path = f"landing/basket_lines_{day}.csv"
n = 0
with open(path, "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["basket_id", "store_id", "sku", "qty", "line_amount"])
    for b in range(1, 2001):
        store = r.randrange(1, 31)
        for _ in range(r.randrange(1, 6)):
            qty = r.randrange(1, 4)
            w.writerow([f"B{b:06d}", store, f"SKU-{r.randrange(1, 900):04d}", qty, f"{qty * r.uniform(1, 40):.2f}"])
            n += 1
        if b % 97 == 0:  # a till return in the same export
            qty = -r.randrange(1, 3)
            w.writerow([f"B{b:06d}", store, f"SKU-{r.randrange(1, 900):04d}", qty, f"{qty * r.uniform(1, 40):.2f}"])
            n += 1
print(f"pos exporter: wrote {n} basket lines to {path}")
