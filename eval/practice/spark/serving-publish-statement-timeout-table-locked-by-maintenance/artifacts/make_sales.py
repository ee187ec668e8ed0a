"""Stand-in for the till transactions extract (CSV)."""
import csv, os, random
random.seed(12)
os.makedirs("/tmp/h42-spark/landing/tills/dt=2026-12-06", exist_ok=True)
with open("/tmp/h42-spark/landing/tills/dt=2026-12-06/tills.csv", "w", newline="") as fh:
    w = csv.writer(fh); w.writerow(["store_id", "basket_id", "net_amount"])
    for i in range(50000):
        w.writerow([f"S{random.randint(1, 36):02d}", i, round(random.uniform(1, 150), 2)])
print("wrote tills")
