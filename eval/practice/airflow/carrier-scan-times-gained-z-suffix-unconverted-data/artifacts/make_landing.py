# "carrier" side: the gateway was upgraded mid-day to v5.0, which appends a UTC 'Z' to scanned_at.
import csv, os, random
random.seed(38)
os.makedirs("/tmp/pr38-af/landing", exist_ok=True)
with open("/tmp/pr38-af/landing/carrier_scans_2026-12-06.csv", "w", newline="") as fh:
    fh.write("# carrier-gw export 2026-12-06 producer=v5.0 (upgraded 11:02 UTC)\n")
    w = csv.writer(fh)
    w.writerow(["parcel_id", "status", "scanned_at", "depot"])
    for i in range(1400):
        h, m = divmod(i, 60)
        h = 6 + h % 14
        z = "Z" if i >= 1180 else ""
        w.writerow([f"PX{100000+i}", random.choice(["IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"]),
                    f"2026-12-06T{h:02d}:{m:02d}:{random.randint(0,59):02d}{z}", random.choice(["AMS1", "RTM2"])])
