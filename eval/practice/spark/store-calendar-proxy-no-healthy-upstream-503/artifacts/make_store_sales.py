import csv, os, random
random.seed(13)
os.makedirs("/tmp/h55-data/store_sales/dt=2026-12-07", exist_ok=True)
with open("/tmp/h55-data/store_sales/dt=2026-12-07/sales.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["store_id", "sale_date", "net_amount"])
    for i in range(3000):
        w.writerow([f"S{100 + i % 12}", f"2026-12-0{1 + i % 7}", round(random.uniform(1, 80), 2)])
print("wrote store_sales dt=2026-12-07")
