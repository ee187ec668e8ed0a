"""Writes the POS export the way the till system exports it every night."""
import csv, random
random.seed(34)
with open("/tmp/pr34-data/store_sales_2026-12-07.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["store_id", "sku", "qty", "unit_price"])
    for i in range(240):
        w.writerow([f"S{10 + i % 6}", f"SKU-{1000 + i % 40}", random.randint(1, 9), f"{random.uniform(1, 30):.2f}"])
