import csv, os, random
random.seed(17)
os.makedirs("/tmp/h55-data/goods_receipts/dt=2026-12-07", exist_ok=True)
with open("/tmp/h55-data/goods_receipts/dt=2026-12-07/receipts.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["receipt_id", "warehouse_id", "sku", "qty", "delivery_date"])
    for i in range(2000):
        d = f"2026-12-0{1 + i % 7}"
        if i >= 1700:  # rows written after the ERP upgrade on 2026-12-07
            d = "2026-12-07 00:00:00.000"
        w.writerow([610000 + i, f"WH{1 + i % 3}", f"SKU{5000 + i % 300}", random.randint(1, 48), d])
print("wrote goods_receipts dt=2026-12-07")
