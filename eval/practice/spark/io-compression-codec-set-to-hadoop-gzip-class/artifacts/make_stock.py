import csv, os, random
random.seed(31)
os.makedirs("/tmp/h55-data/stock/dt=2026-12-07", exist_ok=True)
with open("/tmp/h55-data/stock/dt=2026-12-07/stock.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["store_id", "sku", "on_hand", "avg_daily_sales"])
    for i in range(6000):
        w.writerow([f"S{100 + i % 20}", f"SKU{6000 + i % 300}", random.randint(0, 90), round(random.uniform(0.1, 12), 2)])
print("wrote stock dt=2026-12-07")
