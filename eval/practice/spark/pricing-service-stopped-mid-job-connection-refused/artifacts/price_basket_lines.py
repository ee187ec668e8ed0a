"""Re-price yesterday's basket lines with the current promo prices from the pricing service."""
import json
import logging
import sys

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.repricing")

PRICING_URL = "http://127.0.0.1:28311/v2/prices"

spark = SparkSession.builder.appName("price_basket_lines").getOrCreate()
lines = (spark.range(0, 24000, numPartitions=24)
         .select(F.col("id").alias("line_id"), F.format_string("SKU-%05d", (F.col("id") * 7919 % 20000)).alias("sku"),
                 ((F.col("id") % 5) + 1).alias("qty")))


def price_partition(rows):
    s = requests.Session()
    s.mount("http://", HTTPAdapter(max_retries=Retry(total=2, backoff_factor=0.5, status_forcelist=[502, 503])))
    batch = []
    for r in rows:
        batch.append(r)
        if len(batch) == 250:
            yield from _price(s, batch)
            batch = []
    if batch:
        yield from _price(s, batch)


def _price(s, batch):
    resp = s.post(PRICING_URL, json={"skus": [r.sku for r in batch]}, timeout=10)
    resp.raise_for_status()
    prices = resp.json()["prices"]
    print(f"acme.repricing.worker: priced {len(batch)} lines (retries used 0, timeout 10s)", file=sys.stderr, flush=True)
    for r in batch:
        yield (r.line_id, r.sku, r.qty, prices[r.sku], round(r.qty * prices[r.sku], 2))


log.info("repricing %d partitions against %s (client retries=2, backoff 0.5s)", lines.rdd.getNumPartitions(), PRICING_URL)
priced = spark.createDataFrame(lines.rdd.mapPartitions(price_partition),
                               "line_id long, sku string, qty long, unit_price double, line_amount double")
priced.write.mode("overwrite").parquet(sys.argv[1])
log.info("repriced basket lines written to %s", sys.argv[1])
spark.stop()
