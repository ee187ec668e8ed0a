import csv, os, random
random.seed(9)
os.makedirs("/tmp/h55-data/sku_sales/dt=2026-12-07", exist_ok=True)
with open("/tmp/h55-data/sku_sales/dt=2026-12-07/sales.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["store_id", "sku", "supplier_id", "qty", "net_amount"])
    for i in range(120000):
        sku = random.randint(0, 29999)
        w.writerow([f"S{100 + i % 40}", f"SKU{100000 + sku}", f"SUP{sku % 250:03d}", random.randint(1, 5), round(random.uniform(0.5, 40), 2)])
print("wrote sku_sales dt=2026-12-07")
