"""Upstream stand-in: lands the inputs each Spark job reads (one case per argument)."""
import csv
import json
import os
import random
import sys
from datetime import datetime, timedelta

case, root = sys.argv[1], sys.argv[2]
random.seed(2826)
os.makedirs(root, exist_ok=True)

if case == "movements":
    d = os.path.join(root, "landing/stock_movements/dt=2026-12-06")
    os.makedirs(d, exist_ok=True)
    for part, scanner in enumerate(["hht-fw-4.1", "hht-fw-4.1", "hht-fw-5.0"]):
        with open(os.path.join(d, f"part-{part:05d}.json"), "w") as fh:
            for i in range(6000):
                qty = random.randint(-40, 120)
                rec = {"movement_id": f"M{part}{i:06d}", "warehouse": random.choice(["WH-BER", "WH-HAM", "WH-MUC"]),
                       "sku": f"SKU-{random.randint(10000, 12000)}", "quantity": qty,
                       "moved_at": f"2026-12-06T{random.randint(5, 21):02d}:{random.randint(0,59):02d}:00Z", "scanner_fw": scanner}
                if scanner == "hht-fw-5.0" and i % 1500 == 7:
                    rec["quantity"] = 9223372036854775807  # firmware 5.0 writes Long.MAX for "count not confirmed"
                fh.write(json.dumps(rec) + "\n")

elif case == "stock_export":
    d = os.path.join(root, "landing/stock_export/dt=2026-12-06")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "stock_on_hand.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["sku", "warehouse", "qty_on_hand", "unit_cost "])  # header cell carries a trailing space
        for i in range(8000):
            w.writerow([f"SKU-{10000 + i}", random.choice(["WH-BER", "WH-HAM", "WH-MUC"]), random.randint(0, 900), f"{random.uniform(0.5, 80):.2f}"])
    prev = os.path.join(root, "landing/stock_export/dt=2026-12-05")
    os.makedirs(prev, exist_ok=True)
    with open(os.path.join(prev, "stock_on_hand.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["sku", "warehouse", "qty_on_hand", "unit_cost"])
        for i in range(8000):
            w.writerow([f"SKU-{10000 + i}", random.choice(["WH-BER", "WH-HAM", "WH-MUC"]), random.randint(0, 900), f"{random.uniform(0.5, 80):.2f}"])

elif case == "payments":
    d = os.path.join(root, "landing/psp_payments/dt=2026-12-06")
    os.makedirs(d, exist_ok=True)
    total = 0
    with open(os.path.join(d, "payments.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["payment_id", "order_id", "method", "amount", "currency", "captured_at"])
        for i in range(5200):
            cents = random.randint(299, 25000)
            total += cents
            w.writerow([f"pay_{i:07d}", 700000 + i, random.choice(["card", "paypal", "sepa", "klarna"]), f"{cents / 100:.2f}", "EUR",
                        f"2026-12-06 {random.randint(0, 23):02d}:{random.randint(0, 59):02d}:{random.randint(0, 59):02d}"])
    with open(os.path.join(root, "landing/psp_payments/settlement_report_2026-12-06.json"), "w") as fh:
        json.dump({"date": "2026-12-06", "currency": "EUR", "captured_count": 5200, "captured_total": f"{total / 100:.2f}"}, fh)

elif case == "events":
    d = os.path.join(root, "landing/app_events/2026-12-06")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "events.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["event_id", "user_id", "event_type", "event_date", "event_time", "platform"])
        for i in range(4812):
            w.writerow([f"ev-{i:07d}", random.randint(1, 90000), random.choice(["view", "add_to_cart", "checkout", "search"]),
                        "2026-12-06", f"{random.randint(0, 23):02d}:{random.randint(0, 59):02d}:{random.randint(0, 59):02d}", random.choice(["ios", "android", "web"])])

elif case == "orders_enrich":
    d = os.path.join(root, "landing/orders/dt=2026-12-06")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "orders.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["order_id", "customer_id", "store_id", "amount", "ordered_at"])
        for i in range(3000):
            w.writerow([800000 + i, random.randint(1, 5000), random.randint(1, 40), f"{random.uniform(3, 400):.2f}", f"2026-12-06 {random.randint(0, 23):02d}:00:00"])
    s = os.path.join(root, "reference/stores")
    os.makedirs(s, exist_ok=True)
    with open(os.path.join(s, "stores.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["store_id", "store_name", "region"])
        for i in range(1, 41):
            w.writerow([i, f"Store {i}", random.choice(["north", "south", "east", "west"])])
print(f"inputs for {case} written under {root}")
