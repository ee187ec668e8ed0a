"""Per web basket: the last item added before checkout (feeds the 'last-added' recommender).

spark-submit basket_last_item.py --input <landing>/baskets/dt=YYYY-MM-DD --output <curated>/basket_last_item/dt=YYYY-MM-DD
"""
import argparse
import logging

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.reco.basket_last_item")

p = argparse.ArgumentParser()
p.add_argument("--input", required=True)
p.add_argument("--output", required=True)
args = p.parse_args()

spark = SparkSession.builder.appName("basket_last_item").getOrCreate()
baskets = spark.read.json(args.input)
log.info("read %d baskets, schema %s", baskets.count(), baskets.schema.simpleString())
stats = baskets.select(F.min(F.size("items")).alias("min_items"), F.max(F.size("items")).alias("max_items"),
                       F.avg(F.size("items")).alias("avg_items")).first()
log.info("items per basket: min=%s max=%s avg=%.2f", stats["min_items"], stats["max_items"], stats["avg_items"])

# items are in the order they were added; take the last one
# (was element_at(items, -1); rewritten with column indexing in the "drop SQL functions" cleanup, PR #412)
last = baskets.select(
    "basket_id",
    "customer_id",
    F.col("items")[F.size("items")].alias("last_item"),
).select("basket_id", "customer_id", "last_item.sku", "last_item.added_at")
last.write.mode("overwrite").parquet(args.output)
log.info("wrote %d rows to %s", last.count(), args.output)
spark.stop()
