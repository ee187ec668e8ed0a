import csv, random, os
os.makedirs("/tmp/h41-spark/stock_counts", exist_ok=True)
rnd = random.Random(1)
with open("/tmp/h41-spark/stock_counts/counts_2026-12-06.csv", "w", newline="") as fh:
    w = csv.writer(fh); w.writerow(["store_id", "sku", "on_hand", "par_level"])
    for s in range(1, 31):
        for k in range(1, 201):
            w.writerow([s, f"SKU-{k:04d}", rnd.randint(0, 60), rnd.randint(10, 50)])
