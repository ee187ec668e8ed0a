import json, os, random
random.seed(5)
os.makedirs("/tmp/h55-data/web_orders/dt=2026-12-07", exist_ok=True)
with open("/tmp/h55-data/web_orders/dt=2026-12-07/part-0000.json", "w") as fh:
    for i in range(800):
        items = [{"sku": f"SKU{4000 + random.randint(0, 200)}", "qty": random.randint(1, 3), "price": round(random.uniform(2, 50), 2)}
                 for _ in range(random.randint(1, 4))]
        tags = random.sample(["promo_xmas", "free_shipping", "newsletter", "app", "voucher10"], random.randint(0, 3))
        fh.write(json.dumps({"order_id": 880000 + i, "store_id": f"S{100 + i % 6}", "items": items, "tags": tags}) + "\n")
print("wrote web_orders dt=2026-12-07")
