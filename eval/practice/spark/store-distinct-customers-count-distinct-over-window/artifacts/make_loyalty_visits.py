import csv, os, random
random.seed(23)
os.makedirs("/tmp/h55-data/loyalty_visits/dt=2026-12-07", exist_ok=True)
with open("/tmp/h55-data/loyalty_visits/dt=2026-12-07/visits.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["visit_id", "store_id", "customer_id", "visit_date", "basket_value"])
    for i in range(5000):
        w.writerow([i, f"S{100 + i % 10}", random.randint(1, 1500), f"2026-12-0{1 + i % 7}", round(random.uniform(3, 120), 2)])
print("wrote loyalty_visits dt=2026-12-07")
