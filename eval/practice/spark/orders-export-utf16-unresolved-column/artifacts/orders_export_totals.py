"""Totals per store from the nightly orders export (CSV, expected UTF-8)."""
import logging, sys
from pyspark.sql import SparkSession, functions as F

log = logging.getLogger("exports.orders_totals")
logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
INPUT = "/tmp/pr35-data/spark/orders_export/orders_2026-12-06.csv"

spark = SparkSession.builder.appName("orders_export_totals").getOrCreate()
log.info("loading export %s (encoding=UTF-8)", INPUT)
raw = spark.read.option("header", True).option("encoding", "UTF-8").csv(INPUT)
log.info("columns: %s", raw.columns)
log.info("cache evicted from previous run, recomputing")
totals = (raw.select("order_id", "store_id", F.col("amount").cast("double").alias("amount"))
             .groupBy("store_id").agg(F.count("order_id").alias("orders"), F.sum("amount").alias("revenue")))
totals.write.mode("overwrite").parquet("/tmp/pr35-out/orders_totals")
log.info("done")
spark.stop()
