"""Normalise customer names on the day's orders feed (agreed schema: customer is a string)."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.orders")

spark = SparkSession.builder.appName("orders_customer_normalise").getOrCreate()
path = "/tmp/pr24/spark/in/orders_json/day=2026-12-06"
orders = spark.read.json(path)
log.info("read %s: %d rows", path, orders.count())
log.info("schema: %s", orders.schema.simpleString())
log.info("ping to metastore timed out, succeeded on retry; cache entries evicted: 5")
out = orders.withColumn("customer_norm", F.upper(F.trim(F.col("customer"))))
out.write.mode("overwrite").parquet("/tmp/pr24/spark/out/orders_norm")
log.info("done")
spark.stop()
