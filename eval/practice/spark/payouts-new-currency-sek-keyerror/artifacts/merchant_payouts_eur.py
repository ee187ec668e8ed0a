"""Convert merchant payouts to EUR with the treasury's fixed rates (EUR, USD, GBP settled)."""
import logging
from pyspark.sql import SparkSession, functions as F, types as T

logging.basicConfig(format="%(asctime)s %(levelname)s acme.payouts %(message)s", level=logging.INFO)
log = logging.getLogger("acme.payouts")

TREASURY_RATES = {"EUR": 1.0, "USD": 0.9213, "GBP": 1.1712}

@F.udf(T.DoubleType())
def to_eur(amount, currency):
    return round(amount * TREASURY_RATES[currency], 2)

spark = SparkSession.builder.appName("merchant_payouts_eur").getOrCreate()
payouts = spark.read.option("header", True).schema(
    "payout_id STRING, merchant_id STRING, amount DOUBLE, currency STRING"
).csv("/tmp/pr31-landing/payouts_2026-12-06.csv")
log.info("payout rows=%d (retrying partner fetch not needed)", payouts.count())
out = payouts.withColumn("amount_eur", to_eur("amount", "currency"))
total = out.agg(F.sum("amount_eur")).first()[0]
log.info("total payouts EUR %.2f", total)
spark.stop()
