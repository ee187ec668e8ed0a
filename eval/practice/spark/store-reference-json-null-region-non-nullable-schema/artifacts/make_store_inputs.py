"""Writes the store-operations reference list (as exported on 2026-12-06) and the day's POS sales."""
import csv
import json
import os
import random

random.seed(7)
ref_dir = "/tmp/h49-spark/stores/reference"
sales_dir = "/tmp/h49-spark/stores/pos_sales/dt=2026-12-06"
os.makedirs(ref_dir, exist_ok=True)
os.makedirs(sales_dir, exist_ok=True)
regions = ["Nord", "Ost", "Sued", "West"]
stores = [{"store_id": 100 + i, "store_name": f"Store {100 + i}", "region": regions[i % 4],
           "opened_on": f"20{10 + i % 12}-0{1 + i % 9}-15"} for i in range(38)]
# the pop-up store opened on 2026-12-05 was entered in the store-master tool without a region yet
stores.append({"store_id": 138, "store_name": "Leipzig Hbf Pop-up", "region": None, "opened_on": "2026-12-05"})
with open(os.path.join(ref_dir, "store_master_2026-12-06.json"), "w", encoding="utf-8") as fh:
    json.dump({"exported_at": "2026-12-06T02:10:00Z", "source": "store-master", "stores": stores}, fh, indent=1)
with open(os.path.join(sales_dir, "part-0000.csv"), "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["store_id", "receipt_no", "net_amount"])
    for i in range(30000):
        w.writerow([100 + i % 39, 800000 + i, f"{random.uniform(1, 150):.2f}"])
