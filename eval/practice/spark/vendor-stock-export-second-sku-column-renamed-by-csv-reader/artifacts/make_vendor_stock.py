"""Vendor stock exports: 2026-12-05 as agreed; 2026-12-06 gained a second 'sku' column (the vendor's own SKU) at the end."""
import os, random
random.seed(4611)
base = "/tmp/h46-spark/in/vendor_stock"
for day, extra in (("2026-12-05", False), ("2026-12-06", True)):
    d = f"{base}/export_date={day}"
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/stock.csv", "w") as fh:
        hdr = ["sku", "warehouse", "on_hand", "reserved", "updated_at"] + (["sku"] if extra else [])
        fh.write(",".join(hdr) + "\n")
        for i in range(3000):
            row = [f"RT-{100000 + i}", random.choice(["DUS", "HAM", "MUC"]), str(random.randint(0, 500)),
                   str(random.randint(0, 20)), f"{day} 05:{i % 60:02d}:00"]
            if extra:
                row.append(f"VND{77000 + i}")
            fh.write(",".join(row) + "\n")
print("written", base)
