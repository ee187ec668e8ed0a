# The ERP export job was migrated and now writes UTF-16 (with BOM).
import os, random
random.seed(7)
os.makedirs("/tmp/pr35-data/spark/orders_export", exist_ok=True)
rows = ["order_id,store_id,amount"] + [f"{i},S{i % 12:02d},{random.randint(100, 50000) / 100}" for i in range(3000)]
with open("/tmp/pr35-data/spark/orders_export/orders_2026-12-06.csv", "w", encoding="utf-16") as f:
    f.write("\n".join(rows) + "\n")
