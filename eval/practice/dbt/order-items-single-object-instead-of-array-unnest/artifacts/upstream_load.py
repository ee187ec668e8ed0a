import json, random
random.seed(39)
out = "/tmp/h39-dbt-shop/landing/orders_2026-12-07.jsonl"
n_obj = 0
with open(out, "w") as fh:
    for i in range(1, 801):
        items = [{"sku": f"SKU-{random.randint(1, 500):05d}", "qty": random.randint(1, 3), "price": round(random.uniform(3, 90), 2)}
                 for _ in range(random.randint(1, 4))]
        app = "checkout-web 5.2" if i % 50 else "checkout-app 6.0"
        if app == "checkout-app 6.0" and len(items) == 1:
            payload_items = items[0]          # app 6.0 serialises a one-item basket as a bare object
            n_obj += 1
        elif app == "checkout-app 6.0":
            payload_items = items[:1][0]
            n_obj += 1
        else:
            payload_items = items
        fh.write(json.dumps({"order_id": 50000 + i, "channel": app, "items": payload_items,
                             "placed_at": f"2026-12-07T{i % 24:02d}:05:00Z"}) + "\n")
print(f"[collector] wrote 800 orders to {out} (flush ok, retry_count=0, 0 partial writes killed)")
