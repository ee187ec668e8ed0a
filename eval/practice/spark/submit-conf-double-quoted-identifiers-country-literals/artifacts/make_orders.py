import csv, os, random, sys
random.seed(2026)
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "orders_2026-12-06.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["order_id", "order_date", "country", "status", "amount"])
    for i in range(5000):
        w.writerow([900000 + i, f"2026-12-0{random.randint(1, 6)}", random.choice(["DE", "DE", "AT", "CH", "FR", "NL"]),
                    random.choice(["paid", "paid", "shipped", "cancelled"]), f"{random.uniform(3, 400):.2f}"])
