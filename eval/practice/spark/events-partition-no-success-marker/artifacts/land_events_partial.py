"""Upstream stand-in: the clickstream collector's writer, caught mid-write (part files and _temporary, no _SUCCESS yet)."""
import os
import random
import shutil
from datetime import datetime, timedelta
from pyspark.sql import SparkSession
spark = SparkSession.builder.appName("land_events").getOrCreate()
random.seed(29)
start = datetime(2026, 12, 6)
rows = [(f"u{random.randint(1, 3000)}", start + timedelta(seconds=random.randint(0, 86399)), random.choice(["view", "click", "cart"])) for _ in range(40000)]
part = "/tmp/pr27/spark_data/events/dt=2026-12-06"
spark.createDataFrame(rows, "user_id string, event_ts timestamp, event_type string").repartition(6).write.mode("overwrite").parquet(part)
spark.stop()
# the writer is still committing: 2 of 6 tasks committed, the rest still under _temporary
parts = sorted(p for p in os.listdir(part) if p.startswith("part-"))
os.makedirs(f"{part}/_temporary/0/_temporary", exist_ok=True)
for p in parts[2:]:
    shutil.move(f"{part}/{p}", f"{part}/_temporary/0/_temporary/{p}")
os.remove(f"{part}/_SUCCESS")
for f in os.listdir(part):
    if f.startswith(".") and f.endswith(".crc") and "_SUCCESS" in f:
        os.remove(f"{part}/{f}")
