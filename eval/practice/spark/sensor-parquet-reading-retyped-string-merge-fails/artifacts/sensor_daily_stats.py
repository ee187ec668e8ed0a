"""Daily statistics over the greenhouse sensor readings lake (parquet, partitioned by day)."""
import logging
import os
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s sensor_stats: %(message)s")
log = logging.getLogger("sensor_stats")
LAKE = "/tmp/pr36-data/sensor_readings"

spark = SparkSession.builder.appName("sensor_daily_stats").getOrCreate()
parts = sorted(d for d in os.listdir(LAKE) if d.startswith("day="))
log.info("found %d partitions under %s: %s", len(parts), LAKE, ", ".join(parts))
df = spark.read.option("mergeSchema", "true").parquet(LAKE)
log.info("schema: %s", df.schema.simpleString())
stats = (df.groupBy("day", "sensor_id")
           .agg(F.avg("reading").alias("avg_reading"), F.max("reading").alias("max_reading"),
                F.count("*").alias("n")))
out = stats.orderBy("day", "sensor_id").collect()
log.info("computed %d day/sensor rows", len(out))
spark.stop()
