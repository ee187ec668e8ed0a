"""Checkout events (JSON lines, payload is a JSON-encoded string). checkout-svc 7.4.0 (deployed 2026-12-06 14:00) writes str(dict)."""
import json, os, random
random.seed(4612)
d = "/tmp/h46-spark/in/checkout_events/dt=2026-12-06"
os.makedirs(d, exist_ok=True)
with open(f"{d}/part-0000.jsonl", "w") as fh:
    for i in range(4000):
        new = i >= 2600
        p = {"cart_id": f"c{i}", "coupon": random.choice([None, "XMAS10", "FREESHIP"]),
             "items": random.randint(1, 6), "gift_wrap": random.random() < 0.1}
        ev = {"event_id": f"e{i}", "ts": f"2026-12-06T{8 + i // 400:02d}:{i % 60:02d}:00Z",
              "producer": "checkout-svc/7.4.0" if new else "checkout-svc/7.3.2",
              "payload": str(p) if new else json.dumps(p)}
        fh.write(json.dumps(ev) + "\n")
print("written", d)
