"""Upstream: the sensor gateway lands the day's readings. House C's new sensors report humidity in per-mille."""
import os
import random

random.seed(32)
out = "/tmp/pr32-spark/in/climate/dt=2026-12-06"
os.makedirs(out, exist_ok=True)
with open(f"{out}/part-0000.csv", "w") as fh:
    fh.write("sensor_id,house,read_at,temp_c,humidity_pct\n")
    for i in range(2400):
        house = "ABC"[i % 3]
        hum = random.uniform(55, 85)
        if house == "C" and i % 4 == 2:
            hum = hum * 10  # firmware 3.1 on the new sensors: per-mille
        fh.write(f"GH-{house}-{i % 16:02d},{house},2026-12-06 {i % 24:02d}:{(i * 7) % 60:02d}:00,{random.uniform(18, 26):.1f},{hum:.1f}\n")
print("landed 2400 readings")
