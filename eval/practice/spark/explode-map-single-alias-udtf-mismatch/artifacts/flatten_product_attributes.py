"""Flatten the product attributes map into one row per attribute."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.catalog.flatten")

base = sys.argv[1]
spark = SparkSession.builder.appName("flatten_product_attributes").getOrCreate()
products = spark.read.json(f"{base}/products.jsonl", schema="sku string, title string, attributes map<string,string>")
log.info("products loaded: %d (retrying disabled, cache evicted on start)", products.count())
flat = products.select("sku", F.explode("attributes").alias("attribute"))
flat.write.mode("overwrite").parquet(f"{base}/out/product_attributes")
log.info("written %d attribute rows", flat.count())
