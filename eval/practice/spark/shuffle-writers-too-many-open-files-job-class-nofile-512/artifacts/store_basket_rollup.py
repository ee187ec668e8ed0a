"""Basket rollup per store: repartition baskets by store for the per-store writer, then aggregate."""
import logging

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.baskets.rollup")

spark = SparkSession.builder.appName("store_basket_rollup").getOrCreate()
baskets = (spark.range(0, 400000)
           .withColumn("store_id", (F.col("id") % 997).cast("int"))
           .withColumn("basket_value", (F.col("id") % 173) * 1.25)
           .withColumn("items", (F.col("id") % 11 + 1).cast("int")))
log.info("basket source ready (synthetic replay of 400k baskets)")
by_store = baskets.repartition(200, "store_id")
rollup = by_store.groupBy("store_id").agg(F.count("*").alias("baskets"), F.sum("basket_value").alias("value"),
                                          F.avg("items").alias("avg_items"))
n = rollup.count()
log.info("rolled up %d stores", n)
rollup.write.mode("overwrite").parquet("/tmp/h48-out/store_basket_rollup")
spark.stop()
