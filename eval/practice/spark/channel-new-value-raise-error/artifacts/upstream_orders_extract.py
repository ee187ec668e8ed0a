# Upstream extract for 2026-12-06: the producer started sending marketplace orders.
import os, random
random.seed(6)
os.makedirs("/tmp/pr35-data/spark/orders_channel", exist_ok=True)
with open("/tmp/pr35-data/spark/orders_channel/2026-12-06.csv", "w") as f:
    f.write("order_id,channel,amount\n")
    for i in range(5000):
        ch = random.choice(["web", "app", "store", "phone"]) if i != 4242 else "marketplace"
        f.write(f"{i},{ch},{random.randint(100, 9999) / 100}\n")
