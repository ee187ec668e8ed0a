"""Upstream stand-in: the e-shop export of new customers for one day (UTF-8 CSV)."""
import csv, random, sys
from pathlib import Path

ds = sys.argv[1]
out = Path("/tmp/h41-af/landing/customers"); out.mkdir(parents=True, exist_ok=True)
rnd = random.Random(7)
first = ["Anna", "Jonas", "Marie", "Lars", "Sofie", "Peter", "Ingrid", "Henrik", "José", "Chloé"]
last = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Müller", "García", "Lefèvre"]
cities = [("Oslo", "NO"), ("Bergen", "NO"), ("København", "DK"), ("Malmö", "SE"), ("Hamburg", "DE")]
rows = []
for i in range(1, 641):
    city, cc = rnd.choice(cities)
    rows.append({"customer_id": 500000 + i, "full_name": f"{rnd.choice(first)} {rnd.choice(last)}",
                 "city": city, "country": cc, "signup_date": ds})
# the shop opened shipping to Poland and Czechia this week
rows[433].update(full_name="Łukasz Wróbel", city="Łódź", country="PL")
rows[512].update(full_name="Tomáš Dvořák", city="Brno", country="CZ")
with (out / f"customers_{ds}.csv").open("w", encoding="utf-8", newline="") as fh:
    w = csv.DictWriter(fh, fieldnames=list(rows[0])); w.writeheader(); w.writerows(rows)
print("wrote", len(rows), "customers")
