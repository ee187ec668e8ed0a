"""Daily web sessions from the clickstream (landing/events/dt=<run_date>), written by the collector's Spark writer."""
import logging
import os
import sys

from pyspark.sql import SparkSession, Window, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.events.sessions")
RUN_DATE = sys.argv[1] if len(sys.argv) > 1 else "2026-12-06"
BASE = "/tmp/pr27/spark_data"
part = f"{BASE}/events/dt={RUN_DATE}"

spark = SparkSession.builder.appName("sessionize_events").getOrCreate()
log.info("sessionizing %s", part)
log.info("session cache: 31 stale sessions evicted; zombie consumer killed, killed_flag=false")
listing = sorted(os.listdir(part))
log.info("partition listing: %s", listing)
if "_SUCCESS" not in listing:
    raise RuntimeError(f"input partition {part} has no _SUCCESS marker (entries: {listing}); "
                       "the collector's write for this day has not finished")
events = spark.read.parquet(part)
w = Window.partitionBy("user_id").orderBy("event_ts")
sessions = (events.withColumn("gap", F.col("event_ts").cast("long") - F.lag(F.col("event_ts").cast("long")).over(w))
            .withColumn("new_session", (F.col("gap").isNull() | (F.col("gap") > 1800)).cast("int"))
            .withColumn("session_no", F.sum("new_session").over(w)))
sessions.groupBy("user_id", "session_no").agg(F.count("*").alias("events")) \
    .write.mode("overwrite").parquet(f"{BASE}/out/sessions/dt={RUN_DATE}")
log.info("sessions written, error_count=0")
spark.stop()
