"""Weekly web/app order KPIs per customer (ecom.web_orders_weekly)."""
import logging
from pyspark.sql import SparkSession, Window, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.ecom.web_orders")
WEEK = "2026-W49"

spark = SparkSession.builder.appName("weekly_web_orders").getOrCreate()
log.info("submit conf: %s", {k: v for k, v in spark.sparkContext.getConf().getAll() if k.startswith("spark.sql.")})
orders = (spark.read.option("header", True).option("inferSchema", True)
          .csv(f"/tmp/h54-spark/data/web_orders/week={WEEK}")
          .cache())
log.info("web orders week=%s rows=%d", WEEK, orders.count())
w = Window.partitionBy("customer_id").orderBy("order_date")
kpis = (orders.withColumn("order_seq", F.row_number().over(w))
        .groupBy("customer_id", "channel")
        .agg(F.count("*").alias("orders"), F.sum("amount").alias("revenue"), F.max("order_seq").alias("max_seq")))
kpis.withColumn("iso_week", F.lit(WEEK)).write.mode("overwrite").partitionBy("iso_week", "channel") \
    .parquet("/tmp/h54-spark/out/web_orders_weekly")
log.info("done")
spark.stop()
