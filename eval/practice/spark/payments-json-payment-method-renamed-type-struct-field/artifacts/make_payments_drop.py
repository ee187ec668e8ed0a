"""Stand-in for the payments service's daily JSON-lines drop.
Payments service v3 (deployed 2026-12-06) renamed payment.method to payment.type in its events."""
import json, os, random
random.seed(21)
for day, key in [("2026-12-05", "method"), ("2026-12-06", "type")]:
    d = f"/tmp/h42-spark/landing/payments/dt={day}"
    os.makedirs(d, exist_ok=True)
    for part in range(2):
        with open(f"{d}/part-{part:05d}.json", "w") as fh:
            for i in range(2000):
                fh.write(json.dumps({
                    "payment_id": f"P{day.replace('-', '')}{part}{i:05d}",
                    "order_id": random.randint(100000, 999999),
                    "amount": round(random.uniform(2, 400), 2),
                    "currency": random.choice(["EUR", "EUR", "GBP", "USD"]),
                    "payment": {key: random.choice(["card", "paypal", "klarna", "gift_card"]), "provider": random.choice(["adyen", "stripe"])},
                    "captured_at": f"{day}T{random.randint(0,23):02d}:{random.randint(0,59):02d}:00Z",
                }) + "\n")
    print("wrote", d)
