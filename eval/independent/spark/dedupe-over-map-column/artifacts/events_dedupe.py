"""Deduplicate the clickstream events the collector re-delivers after reconnects."""
import json
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.events_dedupe")

spark = SparkSession.builder.appName("events_dedupe").getOrCreate()
raw_rows = []
for i in range(5000):
    attrs = {"page": f"/p/{i % 40}", "ab_bucket": "B" if i % 2 else "A"}
    raw_rows.append((f"ev{i % 4700}", i % 300, "2026-12-06", json.dumps(attrs)))
raw = spark.createDataFrame(raw_rows, "event_id string, customer_id int, dt string, attributes string")
log.info("raw events: %d (collector reconnects: 3, zombie sessions killed: 3, error_count=0)", raw.count())
log.info("schema registry lookup timed out after 3s, retried OK")

events = raw.withColumn("attributes", F.from_json("attributes", "map<string,string>"))
deduped = events.dropDuplicates()
log.info("deduplicated events: %d", deduped.count())
deduped.write.mode("overwrite").parquet("/tmp/ind10/spark/out/events_dedup")
spark.stop()
