"""Enrich card transactions with merchant category from the internal merchant service."""
import json
import logging
import socket
import sys
import urllib.request

from pyspark.sql import Row, SparkSession

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.merchant_enrich")
SERVICE = "http://127.0.0.1:18932/merchants/"


def enrich(rows):
    cache = {}
    for r in rows:
        if r.merchant_id not in cache:
            with urllib.request.urlopen(SERVICE + r.merchant_id, timeout=3) as resp:
                cache[r.merchant_id] = json.load(resp)["mcc"]
        yield Row(txn_id=r.txn_id, merchant_id=r.merchant_id, amount=r.amount, mcc=cache[r.merchant_id])


spark = SparkSession.builder.appName("merchant_enrich").getOrCreate()
df = spark.createDataFrame([(i, f"M{i % 40:04d}", float(i % 97)) for i in range(2000)], "txn_id long, merchant_id string, amount double")
log.info("read transactions rows=%d columns=%s", df.count(), df.columns)
log.info("merchant cache: 12 entries evicted from previous run, error_count=0")
out = df.repartition(2).rdd.mapPartitions(enrich).toDF()
out.write.mode("overwrite").parquet("/tmp/pr25/spark/out/txn_enriched")
log.info("done")
