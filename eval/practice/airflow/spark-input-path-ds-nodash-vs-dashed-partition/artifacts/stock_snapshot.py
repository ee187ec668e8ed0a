"""Store stock CSV (one file per store) -> per-SKU stock snapshot parquet."""
import argparse
import logging

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.stock.snapshot")

p = argparse.ArgumentParser()
p.add_argument("--input", required=True)
p.add_argument("--output", required=True)
args = p.parse_args()

spark = SparkSession.builder.appName("stock_snapshot").getOrCreate()
log.info("input=%s output=%s", args.input, args.output)
stock = spark.read.option("header", True).schema(
    "store_id string, sku string, on_hand int, on_order int, counted_at timestamp"
).csv(args.input)
log.info("read %d stock rows", stock.count())
snap = stock.groupBy("sku").agg(F.sum("on_hand").alias("on_hand"), F.sum("on_order").alias("on_order"))
snap.write.mode("overwrite").parquet(args.output)
log.info("wrote %d skus", snap.count())
spark.stop()
