"""Weekly customer orders, laid out for the churn model's join (crm.customer_orders_weekly)."""
import logging
from pyspark.sql import SparkSession, Window, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.crm.customer_orders")
WEEK = "2026-W49"
OUT = "/tmp/h54-spark/out/customer_orders_weekly"

spark = SparkSession.builder.appName("customer_orders_bucketed").getOrCreate()
orders = spark.read.json(f"/tmp/h54-spark/data/customer_orders/week={WEEK}").cache()
log.info("orders week=%s rows=%d", WEEK, orders.count())
w = Window.partitionBy("customer_id").orderBy("order_date")
enriched = (orders.withColumn("order_seq", F.row_number().over(w))
            .withColumn("running_revenue", F.sum("amount").over(w.rowsBetween(Window.unboundedPreceding, Window.currentRow)))
            .withColumn("iso_week", F.lit(WEEK)))
# PERF-233: bucket by customer_id so the churn model's join on customer_id needs no shuffle
(enriched.write.mode("overwrite")
    .partitionBy("iso_week")
    .bucketBy(16, "customer_id").sortBy("customer_id")
    .parquet(OUT))
log.info("customer orders written to %s", OUT)
spark.stop()
