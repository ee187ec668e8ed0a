"""Appends yesterday's sales to the cumulative rollup (refactored to 'simplify' the write step)."""
import logging
import os
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [sales.rollup] %(message)s")
log = logging.getLogger("sales.rollup")
ROLLUP = "/tmp/pr34-data/rollup"

spark = SparkSession.builder.appName("daily_rollup").getOrCreate()
if not os.path.exists(ROLLUP):
    log.info("bootstrapping rollup seed")
    spark.createDataFrame([("2026-12-01", "S10", 120.5)], "day string, store string, revenue double") \
        .write.parquet(ROLLUP)
existing = spark.read.parquet(ROLLUP)
log.info("existing rollup rows: %d", existing.count())
new_day = (spark.range(0, 600).select(F.lit("2026-12-06").alias("day"),
                                      F.concat(F.lit("S"), (F.col("id") % 6 + 10).cast("string")).alias("store"),
                                      (F.col("id") % 50 * 1.25).alias("revenue"))
           .groupBy("day", "store").agg(F.sum("revenue").alias("revenue")))
log.info("new day rows: %d (retrying stale lock: none)", new_day.count())
combined = existing.unionByName(new_day).dropDuplicates(["day", "store"])
combined.write.mode("overwrite").parquet(ROLLUP)
log.info("rollup written")
spark.stop()
