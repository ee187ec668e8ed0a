"""Daily order summary for finance (CSV drop, one row per order).

Change 2026-12-05 (FIN-2231): finance asked for the SKUs of each order in the summary.
"""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.orders.summary")
RUN_DATE = sys.argv[1] if len(sys.argv) > 1 else "2026-12-06"
BASE = "/tmp/pr27/spark_data"

spark = SparkSession.builder.appName("daily_order_summary").getOrCreate()
items = spark.read.parquet(f"{BASE}/order_items/dt={RUN_DATE}")
log.info("order items read: %d rows", items.count())
log.info("staging: 2 stale _temporary dirs evicted; catalog refresh timed out after 5s, retry 1/3 succeeded")
summary = (items.groupBy("order_id", "customer_id")
           .agg(F.count("*").alias("item_count"),
                F.sum(F.col("quantity") * F.col("unit_price")).alias("order_total"),
                F.collect_list("sku").alias("skus")))
log.info("summary rows: %d, error_count=0", summary.count())
(summary.coalesce(1).write.mode("overwrite").option("header", True)
 .csv(f"{BASE}/out/finance/order_summary/dt={RUN_DATE}"))
log.info("finance drop written")
spark.stop()
