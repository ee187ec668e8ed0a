"""Stand-in for the refunds export: a day's refunds as CSV in the landing folder."""
import csv
from pathlib import Path

landing = Path("/tmp/h40-af/landing/refunds")
landing.mkdir(parents=True, exist_ok=True)
rows = [
    ("RF-88101", "ORD-551002", "NOK", "1249.50"),
    ("RF-88102", "ORD-551077", "NOK", "89.90"),
    ("RF-88103", "ORD-551120", "NOK", "2399.00"),
    ("RF-88104", "ORD-551131", "NOK", "129.00"),
    ("RF-88105", "ORD-551208", "NOK", "649.75"),
]
with open(landing / "refunds_2026-12-06.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["refund_id", "order_id", "currency", "amount"])
    w.writerows(rows)
print("wrote", len(rows), "refunds")
