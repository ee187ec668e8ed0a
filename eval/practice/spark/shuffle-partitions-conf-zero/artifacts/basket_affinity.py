"""Pairs of product categories bought together, per week."""
import logging

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s basket_affinity: %(message)s")
log = logging.getLogger("basket_affinity")

spark = SparkSession.builder.appName("basket_affinity").getOrCreate()
log.info("effective spark.sql.shuffle.partitions from job.conf: %s", spark.conf.get("spark.sql.shuffle.partitions"))
lines = spark.range(0, 20000).select(
    (F.col("id") % 3000).alias("basket_id"),
    (F.col("id") % 11).alias("category_id"))
a, b = lines.alias("a"), lines.alias("b")
pairs = (a.join(b, (F.col("a.basket_id") == F.col("b.basket_id")) & (F.col("a.category_id") < F.col("b.category_id")))
          .groupBy(F.col("a.category_id").alias("cat_a"), F.col("b.category_id").alias("cat_b"))
          .count())
top = pairs.orderBy(F.desc("count")).limit(10).collect()
for r in top:
    log.info("pair %s-%s seen in %d baskets", r.cat_a, r.cat_b, r["count"])
spark.stop()
