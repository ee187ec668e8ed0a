"""Flatten the app clickstream (server envelope + SDK payload) into one wide table per day.

spark-submit clickstream_flatten.py --input <landing>/app_events/dt=YYYY-MM-DD --output <curated>/app_events_flat/dt=YYYY-MM-DD
"""
import argparse
import logging

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.clickstream.flatten")

p = argparse.ArgumentParser()
p.add_argument("--input", required=True)
p.add_argument("--output", required=True)
args = p.parse_args()

spark = SparkSession.builder.appName("clickstream_flatten").getOrCreate()

events = spark.read.json(args.input)
log.info("read %d events from %s", events.count(), args.input)
log.info("envelope schema: %s", events.schema.simpleString())
versions = events.groupBy("sdk_version").count().orderBy("sdk_version").collect()
log.info("events by sdk_version: %s", ", ".join(f"{r['sdk_version']}={r['count']}" for r in versions))

# server envelope columns + every SDK payload field as its own column
flat = events.select("*", "payload.*").drop("payload")
log.info("flattened columns (%d): %s", len(flat.columns), flat.columns)
flat = flat.withColumn("event_date", F.to_date("received_at"))
flat.write.mode("overwrite").parquet(args.output)
log.info("wrote %s", args.output)
spark.stop()
