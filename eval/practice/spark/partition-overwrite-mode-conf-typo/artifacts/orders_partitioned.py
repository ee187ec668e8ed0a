"""Rewrite the day's partition of the orders table (dynamic partition overwrite, set in the submit conf)."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.orders.partitioned")

spark = SparkSession.builder.appName("pr32-orders-partitioned").getOrCreate()
orders = spark.createDataFrame(
    [(100000 + i, "2026-12-06", i % 50, float(i % 400) + 0.5) for i in range(5000)],
    "order_id long, order_date string, customer_id int, amount double",
)
log.info("staged %d orders for 2026-12-06 (retrying 0 evicted blocks)", orders.count())
orders.withColumn("order_date", F.to_date("order_date")).write.mode("overwrite") \
    .partitionBy("order_date").parquet("/tmp/pr32-spark/out/orders_by_date")
log.info("partition 2026-12-06 rewritten")
spark.stop()
