"""Writes the POS daily aggregates the KPI job reads."""
import csv
import os
import random

random.seed(5)
d = "/tmp/h49-spark/kpis/input"
os.makedirs(d, exist_ok=True)
with open(os.path.join(d, "daily_sales.csv"), "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["store_id", "sale_date", "receipts", "net_sales"])
    for day in range(1, 7):
        for store in range(100, 140):
            r = random.randint(300, 1500)
            w.writerow([store, f"2026-12-{day:02d}", r, f"{r * random.uniform(18, 34):.2f}"])
