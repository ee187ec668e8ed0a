"""Aggregate daily store sales and publish them with the contract schema from the schema registry."""
import json
import logging
import sys
import time
import urllib.error
import urllib.request

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.sales.publish")
REGISTRY = "http://127.0.0.1:18553/subjects/store_sales_daily/versions/latest"

spark = SparkSession.builder.appName("pr32-sales-publish").getOrCreate()
sales = spark.createDataFrame(
    [(i % 12, f"2026-12-06", float((i * 37) % 500) + 0.99) for i in range(3000)],
    "store_id int, sale_date string, amount double",
)
daily = sales.groupBy("store_id", "sale_date").agg(F.sum("amount").alias("revenue"), F.count("*").alias("tickets"))
log.info("aggregated %d store rows (2 cached blocks evicted, executor heartbeat timeout 120s)", daily.count())


def fetch_schema():
    for attempt in range(1, 4):
        try:
            log.info("fetching contract schema from %s (attempt %d/3)", REGISTRY, attempt)
            with urllib.request.urlopen(REGISTRY, timeout=10) as resp:
                return json.load(resp)["schema"]
        except urllib.error.HTTPError as exc:
            if exc.code < 500 or attempt == 3:
                raise
            log.warning("schema registry answered %s, retrying in 2s", exc.code)
            time.sleep(2)


schema = fetch_schema()
daily.write.mode("overwrite").parquet("/tmp/pr32-spark/out/store_sales_daily")
log.info("published with schema %s", schema)
spark.stop()
