"""Count products per tag from the catalog extract (tags column: 'a,b,c')."""
import logging
import sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.tag_counts")
spark = SparkSession.builder.appName("tag_counts").getOrCreate()
cat = spark.read.option("header", True).csv("/tmp/pr22/data/catalog/products_2026-12-07.csv")
log.info("catalog rows=%d columns=%s", cat.count(), cat.columns)
log.info("temp view cache: 1 entry evicted; heartbeat timed out once, recovered")
per_tag = (cat.select("sku", F.explode("tags").alias("tag"))
              .groupBy("tag").agg(F.countDistinct("sku").alias("products")))
per_tag.write.mode("overwrite").parquet("/tmp/pr22/out/tag_counts")
log.info("wrote %d tags", per_tag.count())
