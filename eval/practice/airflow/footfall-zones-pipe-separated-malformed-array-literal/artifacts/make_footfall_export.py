"""Stand-in for the footfall vendor's export; stores on the new counter firmware (S104+) send zones pipe-separated."""
import csv
import os

os.makedirs("/tmp/h55-data/footfall", exist_ok=True)
with open("/tmp/h55-data/footfall/footfall_2026-12-07.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["store_id", "count_date", "hour", "visitors", "zones", "firmware"])
    for i in range(8):
        store = f"S{100 + i}"
        zones = "{entrance,tills}" if i < 4 else "entrance|tills"
        fw = "4.2.1" if i < 4 else "5.0.0"
        for hour in range(9, 12):
            w.writerow([store, "2026-12-07", hour, 90 + 5 * i + hour, zones, fw])
print("wrote footfall_2026-12-07.csv")
