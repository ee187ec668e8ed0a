"""Web-shop order extract (header unchanged since 2025: order_ref,order_id,store_id,amount,order_ts)."""
import os, random
random.seed(4613)
d = "/tmp/h46-spark/in/web_orders/dt=2026-12-06"
os.makedirs(d, exist_ok=True)
with open(f"{d}/orders.csv", "w") as fh:
    fh.write("order_ref,order_id,store_id,amount,order_ts\n")
    for i in range(5000):
        fh.write(f"ORD-2026-{i + 1:06d},{880000 + i},{random.randint(1, 60)},{random.uniform(3, 300):.2f},"
                 f"2026-12-06 {8 + i % 14:02d}:{i % 60:02d}:{i % 57:02d}\n")
print("written", d)
