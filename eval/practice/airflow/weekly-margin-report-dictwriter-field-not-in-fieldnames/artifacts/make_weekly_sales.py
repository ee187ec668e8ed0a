import csv, os, random
random.seed(55)
os.makedirs("/tmp/h55-data/sales", exist_ok=True)
with open("/tmp/h55-data/sales/week_2026-50.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["store_id", "sku", "net_sales", "cost"])
    for i in range(400):
        s = round(random.uniform(5, 80), 2)
        w.writerow([f"S{100 + i % 12}", f"SKU{2000 + i % 90}", s, round(s * random.uniform(0.55, 0.8), 2)])
print("wrote week_2026-50.csv")
