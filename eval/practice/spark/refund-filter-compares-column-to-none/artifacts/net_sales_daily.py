"""Net sales per country for the finance dashboard: orders that were not refunded.

FIN-207 (2026-12-05): exclude refunded orders from net sales.
"""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.finance.net_sales")

run_date = sys.argv[1] if len(sys.argv) > 1 else "2026-12-06"
spark = SparkSession.builder.appName("net_sales_daily").getOrCreate()
src = f"/tmp/pr26/spark/landing/orders_clean/dt={run_date}"
orders = spark.read.option("header", "true").csv(src).withColumn("amount", F.col("amount").cast("decimal(12,2)"))
total = orders.count()
refunded = orders.filter(F.col("refunded_at").isNotNull()).count()
log.info("run_date=%s orders=%d refunded=%d", run_date, total, refunded)
log.info("fx cache: 6 entries evicted; zombie writer check killed_flag=false")
kept = orders.filter(F.col("refunded_at") == None)
net = kept.groupBy("country").agg(F.count("*").alias("orders"), F.sum("amount").alias("net_sales"))
kept_n = kept.count()
log.info("orders kept for net sales: %d", kept_n)
if kept_n == 0:
    raise RuntimeError(f"net sales for {run_date}: 0 non-refunded orders out of {total}; refusing to publish an empty day")
net.write.mode("overwrite").parquet(f"/tmp/pr26/spark/out/net_sales/dt={run_date}")
log.info("published net sales, error_count=0")
spark.stop()
