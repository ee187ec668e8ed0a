"""Stand-in for the CDN log shipper: one day's edge request logs as CSV.

Since the edge fleet upgrade on 2026-12-06, requests whose client address is withheld
(privacy relay) are written with client_ip "-".
"""
import csv
import random
from pathlib import Path

random.seed(40)
out = Path("/tmp/h40-spark/input/cdn_logs/dt=2026-12-06")
out.mkdir(parents=True, exist_ok=True)
paths = ["/", "/products/123", "/cart", "/checkout", "/static/app.js"]
with open(out / "edge-osl-01.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["ts", "edge", "client_ip", "path", "status", "bytes"])
    for i in range(4000):
        r = random.random()
        if r < 0.02:
            ip = "-"
        elif r < 0.10:
            ip = f"2001:db8:{random.randint(0, 65535):x}::{random.randint(1, 65535):x}"
        elif r < 0.20:
            ip = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
        else:
            ip = f"{random.randint(11, 223)}.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
        w.writerow([f"2026-12-06T{i % 24:02d}:{i % 60:02d}:00Z", "osl-01", ip, random.choice(paths),
                    random.choice([200] * 20 + [304, 404, 504]), random.randint(200, 90000)])
print("wrote 4000 rows to", out)
