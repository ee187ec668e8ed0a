"""Lands the inputs as they arrived: orders for all 48 stores, and a stores extract that the
upstream export cut off after 12 rows (the CMDB export job hit its page limit and wrote page 1 only)."""
import os, random
random.seed(34)
os.makedirs("/tmp/pr34-data/stores_dim", exist_ok=True); os.makedirs("/tmp/pr34-data/pos_orders", exist_ok=True)
with open("/tmp/pr34-data/stores_dim/stores_2026-12-06.csv", "w") as f:
    f.write("store_id,store_name,region\n")
    for s in range(1, 13):
        f.write(f"{s},Store {s:03d},R{s % 4}\n")
with open("/tmp/pr34-data/pos_orders/orders_2026-12-06.csv", "w") as f:
    f.write("order_id,store_id,amount\n")
    for i in range(3000):
        f.write(f"{800000 + i},{1 + i % 48},{random.uniform(2, 90):.2f}\n")
