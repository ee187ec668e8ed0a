"""Stand-in for the ingestion service: writes one parquet partition per day.
Firmware 3.x devices (from 2026-12-06) report `reading` as a string such as "21.4"."""
import sys
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.appName("sensor_ingest").getOrCreate()
base = "/tmp/pr36-data/sensor_readings"
for day in ["2026-12-04", "2026-12-05"]:
    (spark.range(0, 400).select((F.col("id") % 12).alias("sensor_id"),
                                (F.rand(1) * 15 + 12).alias("reading"))
          .coalesce(1).write.mode("overwrite").parquet(f"{base}/day={day}"))
(spark.range(0, 400).select((F.col("id") % 12).alias("sensor_id"),
                            F.format_number(F.rand(2) * 15 + 12, 1).alias("reading"))
      .coalesce(1).write.mode("overwrite").parquet(f"{base}/day=2026-12-06"))
spark.stop()
