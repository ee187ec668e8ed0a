"""POS landing folder: the stores' files for 2026-12-05 (already registered) and 2026-12-06."""
import json, os
d = "/tmp/h46-landing/pos"
os.makedirs(d, exist_ok=True)
reg = []
for day in ("2026-12-05", "2026-12-06"):
    for store in (14, 27, 31, 58):
        name = f"pos_sales_store{store:03d}_{day}.csv"
        with open(f"{d}/{name}", "w") as fh:
            fh.write("receipt_id,sku,qty,amount\n")
            for i in range(50):
                fh.write(f"R{store}{i:04d},SKU-{i % 17},1,{(i % 9) + 1.99:.2f}\n")
        if day == "2026-12-05":
            reg.append(name)
json.dump(reg, open("/tmp/h46-landing/pos_registry.json", "w"))
print(sorted(os.listdir(d)))
