import csv, os, random
random.seed(29)
os.makedirs("/tmp/h55-data/baskets/dt=2026-12-07", exist_ok=True)
with open("/tmp/h55-data/baskets/dt=2026-12-07/baskets.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["basket_id", "store_id", "items", "basket_value"])
    for i in range(4000):
        w.writerow([i, f"S{100 + i % 15}", random.randint(1, 25), round(random.uniform(2, 180), 2)])
print("wrote baskets dt=2026-12-07")
