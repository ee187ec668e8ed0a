"""Upstream: the store master export (from the CRM where store ops maintain stores) and the day's sales."""
import csv
import os
import random
import sys

day = sys.argv[1] if len(sys.argv) > 1 else "2026-12-07"
os.makedirs("landing", exist_ok=True)
stores = [(1, "Oslo Sentrum", "NO", "Europe/Oslo"), (2, "Bergen Torget", "NO", "Europe/Oslo"),
          (3, "Stockholm City", "SE", "Europe/Stockholm"), (4, "Goteborg Nordstan", "SE", "Europe/Stockholm"),
          (5, "Helsinki Kamppi", "FI", "Europe/Helsinki"),
          (6, "Copenhagen Stroget", "DK", "Copenhagen")]  # opened 2026-12-05, entered in the CRM form by store ops
with open("landing/store_master.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["store_id", "store_name", "country", "timezone"])
    w.writerows(stores)
r = random.Random(48)
with open(f"landing/sales_{day}.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["receipt_id", "store_id", "sold_at", "amount"])
    for i in range(1, 3001):
        w.writerow([i, r.randrange(1, 7), f"{day} {r.randrange(7, 20):02d}:{r.randrange(60):02d}:00+00", f"{r.uniform(5, 300):.2f}"])
print(f"store master: {len(stores)} stores; sales: 3000 receipts for {day}")
