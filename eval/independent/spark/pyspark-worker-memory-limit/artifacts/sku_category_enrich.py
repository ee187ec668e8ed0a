"""Enrich the day's order lines with the merchandising category of each SKU."""
import logging
from pyspark.sql import SparkSession, functions as F
from pyspark.sql.types import StringType

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.sku_enrich")

spark = SparkSession.builder.appName("sku_category_enrich").getOrCreate()
log.info("category cache: 41 stale SKUs evicted")
log.info("merch API token refresh timed out on attempt 1, retrying; attempt 2 OK")

_lookup = None


def category_lookup():
    # the merchandising hierarchy: every active SKU -> leaf category (about 3M SKUs)
    global _lookup
    if _lookup is None:
        _lookup = {f"SKU-{i:08d}": f"category-{i % 977}" for i in range(3_000_000)}
    return _lookup


@F.udf(StringType())
def categorise(sku):
    return category_lookup().get(sku, "unknown")


lines = spark.range(0, 100000).select(
    F.format_string("SKU-%08d", (F.col("id") * 29) % 3_000_000).alias("sku"),
    (F.col("id") % 5 + 1).alias("quantity"),
    F.lit(0).alias("error_count"),
)
log.info("order lines: %d, error_count=0", lines.count())
enriched = lines.withColumn("category", categorise("sku"))
by_cat = enriched.groupBy("category").agg(F.sum("quantity").alias("units"))
by_cat.write.mode("overwrite").parquet("/tmp/ind8/spark/out/sku_category_units")
log.info("done")
spark.stop()
