"""Daily payment-method mix per currency, for the finance dashboard."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.payments_mix")

run_date = sys.argv[1] if len(sys.argv) > 1 else "2026-12-06"
spark = SparkSession.builder.appName("payments_daily_mix").getOrCreate()
log.info("run_date=%s; previous attempt: none, retry budget 2, timeout 30m", run_date)

src = f"/tmp/h42-spark/landing/payments/dt={run_date}"
payments = spark.read.json(src)
log.info("read %s (%d partitions); warnings so far: 0", src, payments.rdd.getNumPartitions())

mix = (
    payments
    .select("payment_id", "currency", "amount", F.col("payment.method").alias("payment_method"))
    .groupBy("currency", "payment_method")
    .agg(F.count("*").alias("payments"), F.round(F.sum("amount"), 2).alias("amount"))
)
out = f"/tmp/h42-spark/out/payments_mix/dt={run_date}"
mix.write.mode("overwrite").parquet(out)
log.info("wrote %s", out)
spark.stop()
