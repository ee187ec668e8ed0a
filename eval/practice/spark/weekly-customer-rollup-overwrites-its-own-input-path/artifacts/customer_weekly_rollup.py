"""Append this week's per-customer order counts to the customer weekly rollup (crm.customer_weekly_rollup)."""
import logging
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.crm.rollup")
WEEK = "2026-W49"
ROLLUP = "/tmp/h54-spark/warehouse/customer_weekly_rollup"

spark = SparkSession.builder.appName("customer_weekly_rollup").getOrCreate()
orders = spark.read.json(f"/tmp/h54-spark/data/customer_orders/week={WEEK}")
log.info("orders week=%s rows=%d", WEEK, orders.count())
this_week = (orders.groupBy("customer_id")
             .agg(F.count("*").alias("orders"), F.round(F.sum("amount"), 2).alias("revenue"))
             .withColumn("iso_week", F.lit(WEEK)))

existing = spark.read.parquet(ROLLUP)
log.info("existing rollup weeks=%s", [r[0] for r in existing.select("iso_week").distinct().collect()])
# CRM-311: keep the rollup in one place; drop any earlier load of this week and rewrite
merged = existing.where(F.col("iso_week") != WEEK).unionByName(this_week).cache()
log.info("merged rollup rows (estimated, lazy)")
merged.write.mode("overwrite").partitionBy("iso_week").parquet(ROLLUP)
log.info("rollup rewritten at %s", ROLLUP)
spark.stop()
