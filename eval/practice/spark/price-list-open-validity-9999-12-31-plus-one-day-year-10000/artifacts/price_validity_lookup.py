"""Build the current-price lookup for the weekly margin job (pricing.current_prices)."""
import logging
from pyspark.sql import SparkSession, Window, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.pricing.lookup")
RUN_DATE = "2026-12-07"

spark = SparkSession.builder.appName("price_validity_lookup").getOrCreate()
prices = (spark.read.json(f"/tmp/h54-spark/data/price_list/{RUN_DATE}")
          .withColumn("valid_from", F.to_date("valid_from"))
          .withColumn("valid_to", F.to_date("valid_to")))
log.info("price list rows=%d open-ended=%d", prices.count(), prices.where(F.col("valid_to").isNull()).count())

# half-open intervals [valid_from, valid_until) so consecutive prices do not overlap
w = Window.partitionBy("sku").orderBy("valid_from")
current = (prices
           .withColumn("valid_until", F.date_add("valid_to", 1))
           .withColumn("next_from", F.lead("valid_from").over(w))
           .where((F.col("valid_from") <= F.lit(RUN_DATE)) & (F.col("valid_until") > F.lit(RUN_DATE))))

lookup = {r["sku"]: (r["price"], r["valid_from"], r["valid_until"]) for r in current.collect()}
log.info("current prices: %d skus", len(lookup))
spark.sparkContext.broadcast(lookup)
spark.stop()
